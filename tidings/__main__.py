"""`python -m tidings`: the same command line as `tidings`."""
from tidings.cli import main

if __name__ == "__main__":
    main(prog_name="tidings")
