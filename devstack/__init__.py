"""Run the MoreTale stack on one machine: used by the README's start command, tests and bench."""
