"""spaCy components of the extractor (registered as factories via entry points)."""
from .component import EcmoCpt, make_ecmo_cpt
from .sentences import EcmoSentences, make_ecmo_sentences

__all__ = ["EcmoCpt", "EcmoSentences", "make_ecmo_cpt", "make_ecmo_sentences"]
