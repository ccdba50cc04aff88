"""Events: trigger detection, typing (ACLED and PLOVER), arguments, modality."""
