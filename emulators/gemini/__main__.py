"""`python -m emulators.gemini --port 8090 [--config file.json]`: serve the emulator.

Without --config, the configuration comes from MORETALE_EMULATOR_CONFIG (inline JSON or a
path), else the defaults. Listens on 127.0.0.1 unless --host says otherwise.
"""

from __future__ import annotations

import argparse

import uvicorn

from emulators.gemini.app import create_app
from emulators.gemini.config import ENV_VAR, EmulatorConfig


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m emulators.gemini", description=__doc__)
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--config", help=f"JSON config file (default: ${ENV_VAR} or defaults)")
    parser.add_argument("--log-level", default="warning")
    args = parser.parse_args(argv)
    config = EmulatorConfig.load(args.config) if args.config else EmulatorConfig.from_env()
    uvicorn.run(create_app(config), host=args.host, port=args.port, log_level=args.log_level)


if __name__ == "__main__":
    main()
