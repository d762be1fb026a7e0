from pipeline.run.cli import entry

entry()
