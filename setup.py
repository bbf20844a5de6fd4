"""Build hooks: ship ``resources/`` inside the wheel as ``walletcare/resources``, compile translations and build
the search index of the shipped articles into it (``walletcare/resources/search/index``), so that the first
search after install does not wait for it."""

import shutil
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    """Compiles the gettext catalogues, copies the top-level resources folder into the package and builds the
    search index there."""

    def run(self) -> None:
        super().run()
        import importlib.util

        spec = importlib.util.spec_from_file_location("i18n_build", Path("walletcare/i18n_build.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        target_pkg = Path(self.build_lib) / "walletcare"
        module.compile_all(target_pkg / "locale")
        shutil.copytree("resources", target_pkg / "resources", dirs_exist_ok=True,  # a local index is rebuilt below
                        ignore=lambda folder, names: ["index"] if Path(folder) == Path("resources/search") else [])
        sys.path.insert(0, str(Path.cwd()))  # the source tree's walletcare (Whoosh, OpenCC, PyYAML: build-system)
        try:
            from walletcare.faq.search import build_shipped

            build_shipped(target_pkg / "resources" / "search" / "index", Path("resources/articles"),
                          Path("resources/search/synonyms.yaml"))
        finally:
            sys.path.remove(str(Path.cwd()))


setup(cmdclass={"build_py": BuildPy})
