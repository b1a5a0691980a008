"""The spaCy factories as the package's entry points name them: the components
(`extractor.pipeline`) and, with them, the output record on `doc._.ecmo_cpt`
(`extractor.contract`)."""
from . import contract  # noqa: F401  (registers doc._.ecmo_cpt)
from .pipeline.component import make_ecmo_cpt
from .pipeline.sentences import make_ecmo_sentences

__all__ = ["make_ecmo_cpt", "make_ecmo_sentences"]
