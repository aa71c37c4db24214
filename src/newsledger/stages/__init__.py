"""The analysis stages, one sub-package each; ``newsledger.stages.builtin`` lists the built-in ones."""
