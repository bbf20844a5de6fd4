"""Build hooks: ship ``resources/`` inside the wheel as ``walletcare/resources`` and compile translations."""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPy(build_py):
    """Compiles the gettext catalogues and copies the top-level resources folder into the package."""

    def run(self) -> None:
        super().run()
        import importlib.util

        spec = importlib.util.spec_from_file_location("i18n_build", Path("walletcare/i18n_build.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        target_pkg = Path(self.build_lib) / "walletcare"
        module.compile_all(target_pkg / "locale")
        shutil.copytree("resources", target_pkg / "resources", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPy})
