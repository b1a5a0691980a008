"""spaCy config files for the extractor's pipeline (shipped in the wheel)."""
from pathlib import Path

DEFAULT_CONFIG = Path(__file__).with_name("ecmo_cpt.cfg")
