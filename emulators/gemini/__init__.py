"""A local Gemini-compatible HTTP emulator for the google-genai SDK (see `app` for details)."""

from emulators.gemini.app import create_app
from emulators.gemini.config import EmulatorConfig, ModelConfig
from emulators.gemini.server import running_emulator, start_emulator, start_emulator_process

__all__ = [
    "EmulatorConfig",
    "ModelConfig",
    "create_app",
    "running_emulator",
    "start_emulator",
    "start_emulator_process",
]
