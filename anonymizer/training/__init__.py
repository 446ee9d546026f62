"""Training data, training and evaluation of the project's German NER pipeline (``models/de_kita_ner``)."""
