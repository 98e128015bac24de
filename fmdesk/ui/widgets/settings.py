# SPDX-License-Identifier: GPL-3.0-or-later
"""Settings, non-modal: director and API key, database, sound (devices,
volume, radio effect, barge-in), answers and the talk key.

What it changes goes through `services` (the composition root): the dialog
never touches the keyring, the config file or the database itself.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QButtonGroup, QCheckBox, QComboBox, QDialog, QDialogButtonBox,
                               QDoubleSpinBox, QFormLayout, QGroupBox, QHBoxLayout, QKeySequenceEdit,
                               QLabel, QLineEdit, QPushButton, QRadioButton, QSlider, QVBoxLayout,
                               QWidget)

from fmdesk.ui.ops import Op


class SettingsDialog(QDialog):
    saved = Signal(dict)

    def __init__(self, services, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("fmdesk settings")
        self.setModal(False)
        self.services = services
        values = services.settings_values()

        self.director = QComboBox()
        self.director.addItems(["offline", "gemini"])
        self.director.setCurrentText(values["director.name"])
        self.model = QLineEdit(values["gemini.model"])
        self.key = QLineEdit()
        self.key.setEchoMode(QLineEdit.EchoMode.Password)
        self.key.setPlaceholderText(values["gemini.key_source"])
        self.key_status = QLabel()
        save_key = QPushButton("Save key")
        save_key.clicked.connect(self._save_key)
        key_row = QHBoxLayout()
        key_row.addWidget(self.key, 1)
        key_row.addWidget(save_key)
        story = QGroupBox("Story")
        form = QFormLayout(story)
        form.addRow("Director", self.director)
        form.addRow("Gemini model", self.model)
        form.addRow("Gemini API key", key_row)
        form.addRow("", self.key_status)

        self.embedded = QRadioButton("Embedded (started by fmdesk)")
        self.remote = QRadioButton("MongoDB URI")
        group = QButtonGroup(self)
        group.addButton(self.embedded)
        group.addButton(self.remote)
        self.uri = QLineEdit(values["mongo.uri"])
        self.uri.setPlaceholderText("mongodb://user:password@host:27017/")
        (self.remote if values["mongo.uri"] else self.embedded).setChecked(True)
        self.test = QPushButton("Test connection")
        self.test.clicked.connect(self._test)
        self.test_result = QLabel()
        self.test_result.setWordWrap(True)
        database = QGroupBox("Database")
        db = QVBoxLayout(database)
        db.addWidget(self.embedded)
        db.addWidget(self.remote)
        db.addWidget(self.uri)
        db.addWidget(self.test)
        db.addWidget(self.test_result)

        self.sound_on = QCheckBox("Speakers and microphone (off: subtitles and typed answers)")
        self.sound_on.setChecked(values["audio.enabled"])
        self.output = _device_box(values["audio.output_device"])
        self.input = _device_box(values["audio.input_device"])
        self.volume = _percent_slider(values["audio.volume"])
        self.volume.setAccessibleName("Volume")
        self.muted = QCheckBox("Mute")
        self.muted.setChecked(values["audio.muted"])
        volume_row = QHBoxLayout()
        volume_row.addWidget(self.volume, 1)
        volume_row.addWidget(self.muted)
        self.radio = _percent_slider(values["voice.radio_strength"])
        self.radio.setAccessibleName("Radio effect")
        self.barge_in = QCheckBox("TALK while a caller speaks cuts them off")
        self.barge_in.setChecked(values["audio.barge_in"])
        sound = QGroupBox("Sound")
        form = QFormLayout(sound)
        form.addRow(self.sound_on)
        form.addRow("Speakers", self.output)
        form.addRow("Microphone", self.input)
        form.addRow("Volume", volume_row)
        form.addRow("Radio effect", self.radio)
        form.addRow(self.barge_in)
        Op(services.audio_devices()).on_success(self._devices).start()

        self.window_s = QDoubleSpinBox()
        self.window_s.setRange(3.0, 60.0)
        self.window_s.setSuffix(" s")
        self.window_s.setValue(values["session.answer_window_s"])
        self.talk_key = QKeySequenceEdit(QKeySequence(values["ui.talk_key"]))
        self.talk_key.setMaximumSequenceLength(1)
        self.talk_mode = QComboBox()
        self.talk_mode.addItem("Hold to talk", "hold")
        self.talk_mode.addItem("Click to start, click to stop", "toggle")
        self.talk_mode.setCurrentIndex(0 if values["ui.talk_mode"] == "hold" else 1)
        talk = QGroupBox("Answering")
        form = QFormLayout(talk)
        form.addRow("Time to answer", self.window_s)
        form.addRow("Talk key", self.talk_key)
        form.addRow("TALK button", self.talk_mode)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close)
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        for box in (story, database, sound, talk):
            layout.addWidget(box)
        layout.addWidget(buttons)

    def values(self) -> dict:
        key = self.talk_key.keySequence().toString() or "Space"
        return {
            "director.name": self.director.currentText(),
            "gemini.model": self.model.text().strip(),
            "mongo.uri": self.uri.text().strip() if self.remote.isChecked() else "",
            "session.answer_window_s": self.window_s.value(),
            "ui.talk_key": key,
            "ui.talk_mode": self.talk_mode.currentData(),
            "audio.enabled": self.sound_on.isChecked(),
            "audio.output_device": self.output.currentData() or "",
            "audio.input_device": self.input.currentData() or "",
            "audio.volume": self.volume.value() / 100,
            "audio.muted": self.muted.isChecked(),
            "audio.barge_in": self.barge_in.isChecked(),
            "voice.radio_strength": self.radio.value() / 100,
        }

    def _devices(self, found: tuple[list[str], list[str]]) -> None:
        for box, names in zip((self.output, self.input), found):
            chosen = box.currentData()
            for name in names:
                if box.findData(name) < 0:
                    box.addItem(name, name)
            box.setCurrentIndex(max(0, box.findData(chosen)))

    def _save(self) -> None:
        try:
            changes = self.values()
            self.services.save_settings(changes)
        except ValueError as exc:
            self.test_result.setText(f"✗ {exc}")
            return
        self.saved.emit(changes)
        self.close()

    def _save_key(self) -> None:
        try:
            self.services.store_key(self.key.text())
        except ValueError as exc:
            self.key_status.setText(f"✗ {exc}")
            return
        self.key.clear()
        self.key.setPlaceholderText("saved in the system keyring")
        self.key_status.setText("✓ Saved in the system keyring.")

    def _test(self) -> None:
        uri = self.uri.text().strip() if self.remote.isChecked() else ""
        self.test.setEnabled(False)
        self.test_result.setText("Testing…")

        def done(message: str) -> None:
            self.test.setEnabled(True)
            self.test_result.setText(message)

        Op(self.services.test_database(uri)).on_success(lambda m: done(f"✓ {m}")).on_error(
            lambda m: done(f"✗ {m}")).start()


def _device_box(chosen: str) -> QComboBox:
    """A device list: the system default first, the devices once they are listed."""
    box = QComboBox()
    box.addItem("System default", "")
    if chosen:
        box.addItem(chosen, chosen)
        box.setCurrentIndex(1)
    return box


def _percent_slider(value: float) -> QSlider:
    slider = QSlider(Qt.Orientation.Horizontal)
    slider.setRange(0, 100)
    slider.setValue(round(value * 100))
    return slider
