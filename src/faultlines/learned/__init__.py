"""The learned event coder: training corpus, training, ONNX runtime, and the seam
where it meets the rules (`hybrid.py`). Only `train.py` needs torch."""
