# nbconvert configuration installed by `make setup` into the environment's etc/jupyter/.
# `jupyter nbconvert --execute notebooks/10_sasaran.ipynb` (or --to html) would write its result
# beside the notebook, in notebooks/; inside an LKjIP project it goes to the scratch folder
# reports/_interaktif/nbconvert/ instead, like every other run by hand.
try:
    from pipeline.run.interaktif import nbconvert_output_dir
except ImportError:  # another environment without the pipeline package: nbconvert's default
    nbconvert_output_dir = None

if nbconvert_output_dir is not None:
    _folder = nbconvert_output_dir()
    if _folder:
        c.FilesWriter.build_directory = _folder  # noqa: F821 (c is the config traitlets provides)
