-- The evidence map a model gives with a prediction (its class activation map of the predicted class), as the worker
-- sent it: {"label", "height", "width", "values": [height * width, row-major]}. NULL for models that give none.
ALTER TABLE prediction ADD COLUMN evidence JSONB;
