# SPDX-License-Identifier: GPL-3.0-or-later
"""A tiny two-speaker VITS model made with Coqui's own classes (random
weights): saved as a player's model would be, checkpoint + config.json +
speakers file, so fmdesk's loading path can be tested for real."""

from __future__ import annotations

from pathlib import Path

SPEAKERS = {"ada": 0, "bo": 1}


def build(folder: Path) -> tuple[Path, Path]:
    import torch
    from TTS.tts.configs.vits_config import VitsConfig
    from TTS.tts.models.vits import Vits, VitsArgs
    from TTS.tts.utils.speakers import SpeakerManager

    folder.mkdir(parents=True, exist_ok=True)
    speakers_file = folder / "speakers.pth"
    manager = SpeakerManager()
    manager.name_to_id = dict(SPEAKERS)
    manager.save_ids_to_file(str(speakers_file))
    args = VitsArgs(hidden_channels=16, hidden_channels_ffn_text_encoder=32, num_heads_text_encoder=2,
                    num_layers_text_encoder=1, num_layers_flow=1, num_layers_posterior_encoder=1,
                    use_sdp=False, upsample_initial_channel_decoder=32, resblock_kernel_sizes_decoder=[3],
                    resblock_dilation_sizes_decoder=[[1, 3, 5]], upsample_rates_decoder=[8, 8, 4],
                    upsample_kernel_sizes_decoder=[16, 16, 8], init_discriminator=False,
                    use_speaker_embedding=True, speaker_embedding_channels=16,
                    speakers_file=str(speakers_file))
    config = VitsConfig(model_args=args, use_phonemes=False, text_cleaner="english_cleaners",
                        use_speaker_embedding=True, speakers_file=str(speakers_file))
    torch.manual_seed(0)
    model = Vits(config)
    checkpoint, config_path = folder / "model.pth", folder / "config.json"
    torch.save({"model": model.state_dict()}, checkpoint)
    config.save_json(str(config_path))
    return checkpoint, config_path
