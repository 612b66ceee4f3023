"""Everything is configured in pyproject.toml; this only puts ``web/`` into wheels.

A wheel (``pip install .`` without ``-e``) carries web/ inside the package as
``svit_appliance/web``, where ``svit_appliance.resources`` looks first. A checkout or
an editable install reads web/ in place, and the binary gets it from svit.spec.
"""
import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildPyWithWeb(build_py):
    def run(self):
        super().run()
        web = Path(__file__).resolve().parent / "web"
        if web.is_dir() and not self.editable_mode:
            shutil.copytree(web, Path(self.build_lib) / "svit_appliance" / "web", dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildPyWithWeb})
