"""Learned components: a sentence encoder (ONNX), the sentence typer and the event verifier, their model files and
training (``python -m conflictlens.learn.train``). Inference uses numpy and onnxruntime only."""
