# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings: one TOML file in the user config dir, then env vars, then flags.

    [mongo]    uri = ""            # empty: the embedded server
               database = "fmdesk"
    [director] name = "offline"        # or "gemini"
    [gemini]   model = "gemini-flash-latest"
               base_url = ""           # empty: Google's endpoint
    [session]  answer_window_s = 10.0
    [voice]    radio_strength = 0.7    # 0 = clean voice
               voices_dir = ""         # extra Piper voices; "" = <data dir>/voices
               coqui_model_path = ""   coqui_config_path = ""   # pip install fmdesk[coqui]
    [ui]       talk_key = "Space"      talk_mode = "hold"   # or "toggle"

The Gemini API key is never in this file: it comes from GEMINI_API_KEY /
GOOGLE_API_KEY or the system keyring (`fmdesk config set-key`).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, Mapping

import platformdirs
import tomli_w
from pydantic import BaseModel, Field, ValidationError, field_validator

from fmdesk.core.player import CallsignError, normalize_callsign
from fmdesk.store.uri import is_mongo_uri, mask_uri

APP = "fmdesk"


class ConfigError(ValueError):
    pass


class MongoSettings(BaseModel):
    uri: str = ""
    database: str = "fmdesk"


class DirectorSettings(BaseModel):
    name: Literal["offline", "gemini"] = "offline"


class GeminiSettings(BaseModel):
    model: str = "gemini-flash-latest"
    base_url: str = ""
    timeout_s: float = Field(default=30.0, gt=0, le=300)
    # Past turns sent verbatim; older ones go in as a running summary.
    context_turns: int = Field(default=40, ge=4, le=400)
    tries: int = Field(default=4, ge=1, le=10)
    # "lowest" (the least the model allows: its first line comes soonest), a
    # level (minimal, low, medium, high) or a thinking budget in tokens.
    thinking: str = Field(default="lowest", pattern=r"^(lowest|minimal|low|medium|high|\d{1,5})$")
    # "default": the model's own (Google advises it for Gemini 3 models), or 0 to 2.
    temperature: Literal["default"] | Annotated[float, Field(ge=0.0, le=2.0)] = "default"


class SessionSettings(BaseModel):
    answer_window_s: float = Field(default=10.0, ge=1.0, le=60.0)


class HearingSettings(BaseModel):
    # "" = whisper tiny.en, made from the installed package; or a ggml file's
    # path; or an official name fetched with `fmdesk models download NAME`.
    model: str = ""
    language: str = Field(default="en", min_length=2, max_length=8)
    threads: int = Field(default=2, ge=1, le=16)
    enabled: bool = True


class VoiceSettings(BaseModel):
    enabled: bool = True
    # 0 = the clean voice, 1 = a rough handset.
    radio_strength: float = Field(default=0.7, ge=0.0, le=1.0)
    kokoro: bool = True
    voices_dir: str = ""           # "" = <data dir>/voices: drop Piper voices (.onnx + .onnx.json) here
    coqui_model: str = ""          # a model name already in Coqui's local model folder
    coqui_model_path: str = ""     # or a checkpoint (.pth) ...
    coqui_config_path: str = ""    # ... and its config.json
    threads: int = Field(default=2, ge=1, le=16)


class AudioSettings(BaseModel):
    enabled: bool = True            # speakers and microphone in the window
    output_device: str = ""         # "" = the system default; else (part of) a name from `fmdesk devices`
    input_device: str = ""
    volume: float = Field(default=1.0, ge=0.0, le=1.0)
    muted: bool = False
    barge_in: bool = True           # TALK while a caller speaks cuts the caller off


class UISettings(BaseModel):
    talk_key: str = "Space"
    talk_mode: Literal["hold", "toggle"] = "hold"


class Settings(BaseModel):
    data_dir: str = ""
    last_callsign: str = ""

    @field_validator("last_callsign")
    @classmethod
    def _callsign(cls, value: str) -> str:
        """Stored as a typed one would be: a callsign, or nothing."""
        if not value:
            return value
        try:
            return normalize_callsign(value)
        except CallsignError as exc:
            raise ValueError(str(exc)) from None
    mongo: MongoSettings = MongoSettings()
    director: DirectorSettings = DirectorSettings()
    gemini: GeminiSettings = GeminiSettings()
    session: SessionSettings = SessionSettings()
    hearing: HearingSettings = HearingSettings()
    voice: VoiceSettings = VoiceSettings()
    audio: AudioSettings = AudioSettings()
    ui: UISettings = UISettings()

    @property
    def data_path(self) -> Path:
        return Path(self.data_dir) if self.data_dir else platformdirs.user_data_path(APP)

    @property
    def spill_path(self) -> Path:
        """Turns kept on disk while the database cannot take them."""
        return self.data_path / "spill"

    @property
    def mongo_path(self) -> Path:
        """The embedded database's folder (its data, log and state file)."""
        return self.data_path / "mongo"

    @property
    def voices_path(self) -> Path:
        return Path(self.voice.voices_dir) if self.voice.voices_dir else self.data_path / "voices"

    @property
    def embedded(self) -> bool:
        return not self.mongo.uri


# Environment variables and the setting each one overrides.
ENV = {
    "FMDESK_MONGO_URI": "mongo.uri",
    "FMDESK_MONGO_DATABASE": "mongo.database",
    "FMDESK_DIRECTOR": "director.name",
    "FMDESK_DATA_DIR": "data_dir",
    "FMDESK_GEMINI_BASE_URL": "gemini.base_url",
    "FMDESK_GEMINI_MODEL": "gemini.model",
    "FMDESK_HEARING_MODEL": "hearing.model",
    "FMDESK_VOICES_DIR": "voice.voices_dir",
    "FMDESK_RADIO_STRENGTH": "voice.radio_strength",
    "FMDESK_OUTPUT_DEVICE": "audio.output_device",
    "FMDESK_INPUT_DEVICE": "audio.input_device",
}


def config_path(env: Mapping[str, str] = os.environ) -> Path:
    return Path(env.get("FMDESK_CONFIG") or platformdirs.user_config_path(APP) / "config.toml")


def _set(tree: dict, dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for part in parents:
        tree = tree.setdefault(part, {})
        if not isinstance(tree, dict):
            raise ConfigError(f"'{part}' in the config file must be a table ([{part}]), not a value: "
                              f"fix it or run `fmdesk config path` and remove the line.")
    tree[leaf] = value


def _problems(exc: ValidationError) -> str:
    return "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg'][:200]}" for e in exc.errors()[:3])


def _read(path: Path) -> dict:
    """The config file as a tree ({} when there is none); one sentence when it is unreadable."""
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"The config file {path} is not UTF-8 text: fix it, or remove it to start "
                          "from the defaults.") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"The config file {path} is not valid TOML ({exc}): fix it, or remove it "
                          "to start from the defaults.") from None
    except OSError as exc:
        raise ConfigError(f"Could not read the config file {path}: {exc.strerror or exc}.") from None


def load_settings(overrides: Mapping[str, Any] | None = None,
                  env: Mapping[str, str] = os.environ) -> Settings:
    """File, then environment, then `overrides` (dotted keys from flags)."""
    path = config_path(env)
    tree = _read(path)
    for var, key in ENV.items():
        if env.get(var):
            _set(tree, key, env[var])
    for key, value in (overrides or {}).items():
        if value is not None:
            _set(tree, key, value)
    try:
        settings = Settings.model_validate(tree)
    except ValidationError as exc:
        raise ConfigError(f"Bad setting ({_problems(exc)}). Check {path} and FMDESK_* variables.") from None
    if settings.mongo.uri and not is_mongo_uri(settings.mongo.uri):
        raise ConfigError(
            f"'{mask_uri(settings.mongo.uri)}' is not a MongoDB URI: it starts with "
            "mongodb:// or mongodb+srv://")
    return settings


def save_setting(key: str, value: Any, env: Mapping[str, str] = os.environ) -> Path:
    """Write one dotted setting into the config file (validated first)."""
    path = config_path(env)
    tree = _read(path)
    _set(tree, key, value)
    try:
        Settings.model_validate(tree)
    except ValidationError as exc:
        raise ConfigError(f"Cannot set {key} ({_problems(exc)}).") from None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(tomli_w.dumps(tree), encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"Cannot write the config file {path}: {exc.strerror or exc}.") from None
    return path


def describe(settings: Settings, key_source: str, env: Mapping[str, str] = os.environ) -> str:
    """The effective settings as TOML, secrets masked; `key_source` says where
    the API key comes from, never what it is."""
    tree = settings.model_dump()
    tree["mongo"]["uri"] = mask_uri(settings.mongo.uri) or "(embedded server)"
    tree["data_dir"] = str(settings.data_path)
    tree["gemini"]["base_url"] = settings.gemini.base_url or "(Google's endpoint)"
    tree["gemini"]["api_key"] = key_source
    header = f"# config file: {config_path(env)}\n"
    return header + tomli_w.dumps(tree)
