"""One English rendering per Finnish term: every variant found in the content (issue 13)
is a not-recommended term of its concept, so `handbook review --strict` fails when one
comes back. The variants are planted in a fixture page laid over the real project."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from projects import ROOT, handbook_command, site_project

from handbook.loading import load_content
from handbook.review import Report, review

PLANTED = Path(__file__).resolve().parent / "fixtures" / "variants"
PAGE = "docs/planted.en.md"

# variant → the term the review must ask for instead
VARIANTS = {
    "customer": "client",
    "capacity for work": "work ability",
    "social guidance": "social counselling",
    "employment administration": "labour administration",
    "TE administration": "labour administration",
    "services for people with disabilities": "disability services",
    "services for persons with disabilities": "disability services",
    "services for disabled people": "disability services",
    "leading job coach": "lead job coach",
    "mapping of skills and vocational profiling": "mapping of competence and vocational profiling",
    "mapping competence and vocational profiling": "mapping of competence and vocational profiling",
    "working and agreeing on support with the employer": "working with the employer and agreeing on support",
    "end of the service": "ending of the service",
    "work practice": "traineeship",
    "rehabilitation allowance": "rehabilitation subsidy",
    "municipal pilot": "municipal experiment",
}


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Report]:
    project = site_project(tmp_path_factory.mktemp("variants"), PLANTED)
    return project, review(load_content(project))


def test_the_fixture_page_plants_every_variant():
    text = (PLANTED / PAGE).read_text("utf-8")
    assert all(f"with {variant} in it" in text for variant in VARIANTS)


@pytest.mark.parametrize("variant", VARIANTS)
def test_each_variant_is_reported_with_its_line_and_the_term_to_use(planted, variant):
    _, report = planted
    line = 10 + list(VARIANTS).index(variant)
    found = [u for u in report.not_recommended if u.place.file == PAGE and u.place.line == line]
    assert found, f"'{variant}' on line {line} is not reported"
    assert found[0].form.lower() == variant.lower()
    assert found[0].use_instead == VARIANTS[variant]


def test_review_strict_fails_on_the_planted_page(planted):
    project, _ = planted
    result = subprocess.run(
        [*handbook_command(), "review", "--strict"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1
    assert f"{PAGE}:10:" in result.stdout + result.stderr


def test_review_strict_passes_on_the_real_content():
    result = subprocess.run(
        [*handbook_command(), "review", "--strict"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-2000:]
