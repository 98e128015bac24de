# SPDX-License-Identifier: GPL-3.0-or-later
"""Packages for setuptools; everything else is in pyproject.toml.

The top-level assets/ folder ships inside the wheel as the package
`fmdesk_assets`, so one helper (fmdesk/ui/assets.py) finds it whether fmdesk
is installed, editable, or frozen by PyInstaller.
"""

from setuptools import find_packages, setup

setup(
    packages=find_packages(include=["fmdesk", "fmdesk.*"]) + ["fmdesk_assets"],
    package_dir={"fmdesk_assets": "assets"},
)
