# SPDX-License-Identifier: GPL-3.0-or-later
"""Coqui: a player's own multi-speaker model loaded and spoken through the
exact path fmdesk uses (checkpoint + config, or a name in Coqui's folder)."""

from __future__ import annotations

import os
import shutil

import numpy as np
import pytest

from fmdesk.voice import coqui_engine
from fmdesk.voice.coqui_engine import CoquiEngine
from fmdesk.voice.engine import VoiceError
from fmdesk.voice.voicebox import OUTPUT_RATE, VoiceBox, VoiceOptions
from tests.voice import tiny_coqui

if not coqui_engine.available():
    if os.environ.get("CI"):
        pytest.fail("coqui-tts is not installed: .ci/run installs fmdesk[coqui]", pytrace=False)
    pytest.skip("coqui-tts is not installed (pip install -e '.[coqui]')", allow_module_level=True)


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    return tiny_coqui.build(tmp_path_factory.mktemp("coqui") / "tiny-vits")


def test_a_multi_speaker_model_is_cast_by_speaker(tiny_model):
    model, config = coqui_engine.resolve(model_path=str(tiny_model[0]), config_path=str(tiny_model[1]))
    engine = CoquiEngine(model, config)
    assert engine.speakers == list(tiny_coqui.SPEAKERS)
    ada = engine.synthesize("Hold the line, over.", "ada", 1.0)
    bo = engine.synthesize("Hold the line, over.", "bo", 1.0)
    assert ada.dtype == np.float32 and ada.size > 1000 and bo.size > 1000
    assert not np.allclose(ada[:1000], bo[:1000]), "speakers differ"
    with pytest.raises(VoiceError, match="no speaker 'cy'"):
        engine.synthesize("Hi.", "cy", 1.0)


async def test_the_voice_box_offers_each_speaker_as_an_actor(tiny_model, kokoro_cache):
    box = VoiceBox.build(VoiceOptions(coqui_model_path=str(tiny_model[0].parent), kokoro=False,
                                      cache_dir=kokoro_cache))
    try:
        assert {"coqui/ada", "coqui/bo"} <= set(box.actors)
        pieces = [p async for p in box.stream("coqui/bo", "Copy. Moving now.")]
        assert len(pieces) == 2 and sum(map(len, pieces)) > OUTPUT_RATE // 10
    finally:
        box.close()


def test_a_model_name_is_only_looked_up_locally(tiny_model, tmp_path):
    root = tmp_path / "tts"
    folder = coqui_engine.local_model_dir("tts_models/en/tiny/vits", root)
    shutil.copytree(tiny_model[0].parent, folder)
    model, config = coqui_engine.resolve(model_name="tts_models/en/tiny/vits", models_root=root)
    assert model == folder / "model.pth" and config == folder / "config.json"
    with pytest.raises(VoiceError, match="never downloads"):
        coqui_engine.resolve(model_name="tts_models/en/vctk/vits", models_root=root)
    with pytest.raises(VoiceError, match="does not exist"):
        coqui_engine.resolve(model_path=str(tmp_path / "none.pth"), config_path=str(config))
