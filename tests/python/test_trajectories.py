"""Improvement over time from Python: the figures of adva trajectory, labelled; same seed, same
numbers on any thread count; the fan chart; argument errors."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.figure import Figure

import adva
from adva import plots

MEASURES = ["at_target", "sustained_by_target", "reached_within_horizon", "time_to_target", "dip_depth", "dip_length",
            "discounted_level"]
BANDS = ["q05", "q25", "q50", "q75", "q95"]
# A model of two options with an economic case and no improvement section.
WITHOUT_IMPROVEMENT = Path(__file__).resolve().parents[1] / "data" / "economic_case.json"


@pytest.fixture(scope="module")
def trajectories():
    """The default model's trajectories with adva trajectory's defaults (read-only)."""
    return adva.default_model().trajectories()


def _cli_band(column):
    # adva trajectory names a band by its percentage without padding: q05 is "p5".
    return "p" + str(int(column[1:]))


def _same_as_cli(t, doc):
    """Every figure of ``t`` equals the CLI document's, bit for bit (the JSON writer round-trips doubles)."""
    assert list(t.measures.index) == [o["option"] for o in doc["options"]]
    paths = t.paths
    for o in doc["options"]:
        row = t.measures.loc[o["option"]]
        assert bool(row["exact"]) is o["exact"]
        for m in MEASURES:
            assert row[m] == o[m]["value"], (o["option"], m)
            assert row[f"{m}_standard_error"] == o[m]["standard_error"], (o["option"], m)
        p = paths[paths["option"] == o["option"]]
        assert p["year"].tolist() == o["path"]["years"]
        assert p["expected"].tolist() == o["path"]["expected"]
        for column in t.band_columns:
            assert p[column].tolist() == o["path"]["bands"][_cli_band(column)], (o["option"], column)
    conventions = doc["conventions"]
    assert t.samples == conventions["samples"] and t.seed == conventions["seed"]
    assert t.band_probabilities == conventions["band_probabilities"]
    assert (t.target.grade, t.target.year) == (conventions["target"]["grade"], conventions["target"]["year"])
    assert t.scale.to_dict("records") == conventions["scale"]["grades"]
    assert t.scale_range == (conventions["scale"]["lower"], conventions["scale"]["upper"])
    assert t.horizon == conventions["horizon"] and t.discount_rate == conventions["discount_rate"]


def test_the_measures_are_the_cli_figures(trajectories, adva_cli):
    doc = json.loads(adva_cli("trajectory", "--format", "json"))
    _same_as_cli(trajectories, doc)
    # Not a vacuous comparison: the default model has sampled options and an option on the plan.
    m = trajectories.measures
    assert (~m["exact"]).sum() >= 5 and m["exact"].any()
    assert (m.loc[~m["exact"], "discounted_level_standard_error"] > 0).all()
    assert (m.loc[m["exact"], [f"{x}_standard_error" for x in MEASURES]] == 0).all().all()
    # The report is the CLI's text.
    assert trajectories.report("json") == adva_cli("trajectory", "--format", "json")
    assert trajectories.report() == adva_cli("trajectory")


def test_arguments_reach_the_analysis_as_the_cli_options(adva_cli):
    t = adva.default_model().trajectories(samples=3000, seed=7, points=11, options="O6")
    _same_as_cli(t, json.loads(adva_cli("trajectory", "--option", "O6", "--samples", 3000, "--seed", 7, "--points", 11,
                                        "--format", "json")))
    assert t.option_ids == ["O6"] and len(t.paths) == 11


def test_a_filter_keeps_its_order_and_each_option_its_numbers(trajectories):
    # Common random numbers: an option's figures do not depend on which others are computed.
    some = adva.default_model().trajectories(options=["O6", "O2", "O4"])
    assert some.option_ids == ["O6", "O2", "O4"]
    pd.testing.assert_frame_equal(some.measures, trajectories.measures.loc[["O6", "O2", "O4"]], check_exact=True)


def test_the_same_seed_gives_the_same_numbers_on_one_and_two_threads():
    model = adva.default_model()
    one = model.trajectories(samples=5000, seed=3, threads=1)
    two = model.trajectories(samples=5000, seed=3, threads=2)
    pd.testing.assert_frame_equal(one.measures, two.measures, check_exact=True)
    pd.testing.assert_frame_equal(one.paths, two.paths, check_exact=True)
    other = model.trajectories(samples=5000, seed=4, threads=2)
    sampled = ~one.measures["exact"]
    assert (other.measures.loc[sampled, "discounted_level"] != one.measures.loc[sampled, "discounted_level"]).all()


def test_paths_are_long_with_a_row_per_option_and_point(trajectories):
    p = trajectories.paths
    n = len(trajectories.option_ids)
    assert list(p.columns) == ["option", "year", "expected", *BANDS]
    assert p.shape == (n * 41, 3 + len(BANDS))
    assert p["option"].tolist() == [o for o in trajectories.option_ids for _ in range(41)]
    np.testing.assert_allclose(p["year"].to_numpy()[:41], np.linspace(0, trajectories.horizon, 41), rtol=0, atol=1e-12)
    assert p["option"].map(lambda o: o in trajectories.option_ids).all()
    t = adva.default_model().trajectories(points=5, options=["O1", "O3"], bands=[0.025, 0.1, 0.5, 0.9, 0.975])
    assert t.paths.shape == (2 * 5, 3 + 5)
    assert t.band_columns == ["q02.5", "q10", "q50", "q90", "q97.5"]


def test_band_columns_rise_at_every_row(trajectories):
    p = trajectories.paths
    q = p[BANDS].to_numpy()
    assert (np.diff(q, axis=1) >= 0).all()
    # And they are a fan, not one line: a sampled option spreads, an exact one is its expected path.
    exact = trajectories.measures["exact"]
    spread = p["q95"] - p["q05"]
    assert (spread[p["option"].map(exact).eq(False).to_numpy()] > 1).any()
    on_plan = p[p["option"].map(exact).to_numpy()]
    for column in BANDS:
        assert (on_plan[column] == on_plan["expected"]).all()


def test_the_target_and_the_scale(trajectories):
    t = trajectories.target
    assert (t.grade, t.name, t.level, t.year) == ("requires_improvement", "Requires improvement", 40.0, 1.5)
    s = trajectories.scale
    assert list(s.columns) == ["id", "name", "from"]
    assert s["id"].tolist() == ["inadequate", "requires_improvement", "good", "outstanding"]
    assert s["from"].is_monotonic_increasing and s.loc[s["id"] == t.grade, "from"].item() == t.level
    plan = trajectories.plan
    assert plan["year"].tolist() == [0.0, 1.0, 2.0, 3.0] and plan["level"].tolist() == [32.0, 40.0, 50.0, 60.0]
    # The option following the plan is at the plan's levels at its milestones.
    p = trajectories.paths
    o2 = p[p["option"] == "O2"].set_index("year")["expected"]
    assert [o2[y] for y in (0.0, 1.0, 2.0, 3.0, 10.0)] == [32.0, 40.0, 50.0, 60.0, 60.0]
    assert repr(trajectories) == "<adva.Trajectories 8 options, 10000 samples, seed 1>"


def _render(fig):
    fig.canvas.draw()  # Agg: really rasterised
    return fig


def _horizontal_at(ax, level):
    return [line for line in ax.lines if list(line.get_ydata()) == [level, level]]


def _vertical_at(ax, year):
    return [line for line in ax.lines if list(line.get_xdata()) == [year, year]]


def test_the_fan_chart_has_a_panel_per_option(trajectories):
    fig = _render(trajectories.plot())
    assert isinstance(fig, Figure)
    ids = trajectories.option_ids
    assert len(fig.axes) == len(ids)
    target = trajectories.target
    grades = set(trajectories.scale["name"])
    for ax, id in zip(fig.axes, ids):
        assert ax.get_title().startswith(id)
        assert len(_horizontal_at(ax, target.level)) == 1
        assert len(_vertical_at(ax, target.year)) == 1
        assert grades <= {text.get_text() for text in ax.texts}
        assert ax.get_ylim() == trajectories.scale_range and ax.get_xlim() == (0, trajectories.horizon)
    # O3's panel: the outer fill spans q05 to q95, the inner q25 to q75, and the lines are its paths.
    ax = fig.axes[ids.index("O3")]
    p = trajectories.paths[trajectories.paths["option"] == "O3"]
    outer, inner = [c for c in ax.collections if isinstance(c, PolyCollection)]
    for fill, (low, high) in ((outer, ("q05", "q95")), (inner, ("q25", "q75"))):
        ys = fill.get_paths()[0].vertices[:, 1]
        assert ys.min() == pytest.approx(p[low].min()) and ys.max() == pytest.approx(p[high].max())
    assert outer.get_alpha() < inner.get_alpha()
    drawn = {line.get_label(): line for line in ax.lines}
    np.testing.assert_array_equal(drawn["expected"].get_ydata(), p["expected"].to_numpy())
    np.testing.assert_array_equal(drawn["median"].get_ydata(), p["q50"].to_numpy())


def test_the_fan_chart_of_chosen_options_and_axes(trajectories):
    fig = _render(plots.fan_chart(trajectories, option=["O6", "O2"]))
    assert [ax.get_title().split(":")[0] for ax in fig.axes] == ["O6", "O2"]
    own = Figure()
    ax = own.add_subplot()
    assert plots.fan_chart(trajectories, "O4", ax=ax) is own
    assert len(_horizontal_at(ax, trajectories.target.level)) == 1
    pair = Figure().subplots(1, 2)
    assert len(_render(trajectories.plot(["O1", "O8"], ax=pair)).axes) == 2
    with pytest.raises(adva.InvalidInputError) as e:
        plots.fan_chart(trajectories, ["O1", "O2"], ax=ax)
    assert e.value.where == "ax"
    with pytest.raises(adva.InvalidInputError) as e:
        plots.fan_chart(trajectories, option="nope")
    assert e.value.id == "adva.model.unknown_id" and e.value.where == "option"
    with pytest.raises(adva.InvalidTypeError) as e:
        plots.fan_chart(trajectories.measures)
    assert e.value.where == "result"


@pytest.mark.parametrize(("arguments", "error", "id", "where"), [
    ({"samples": 0}, adva.LimitExceededError, "adva.trajectory.samples", "samples"),
    ({"samples": 10**8 + 1}, adva.LimitExceededError, "adva.trajectory.samples", "samples"),
    ({"samples": True}, adva.InvalidTypeError, "adva.python.type", "samples"),
    ({"seed": -1}, adva.InvalidInputError, "adva.python.range", "seed"),
    ({"points": 1}, adva.LimitExceededError, "adva.trajectory.path_points", "points"),
    ({"points": 1002}, adva.LimitExceededError, "adva.trajectory.path_points", "points"),
    ({"threads": 2000}, adva.LimitExceededError, "adva.limits.threads", "threads"),
    ({"bands": [0.5, 0.25]}, adva.InvalidInputError, "adva.python.range", "bands/1"),
    ({"bands": [0.5, 1.5]}, adva.InvalidInputError, "adva.trajectory.out_of_range", "bands/1"),
    ({"bands": [0.5, float("nan")]}, adva.InvalidInputError, "adva.python.range", "bands/1"),
    ({"bands": ["0.5"]}, adva.InvalidTypeError, "adva.python.type", "bands"),
    ({"options": ["O6", "nope"]}, adva.InvalidInputError, "adva.model.unknown_id", "options/1"),
    ({"options": ["O6", "O6"]}, adva.InvalidInputError, "adva.model.duplicate_id", "options/1"),
    ({"options": [6]}, adva.InvalidTypeError, "adva.python.type", "options/0"),
])
def test_bad_arguments_raise_adva_errors_naming_them(model, arguments, error, id, where):
    with pytest.raises(error) as e:
        model.trajectories(**arguments)
    assert (e.value.id, e.value.where) == (id, where)
    assert where.split("/")[0] in str(e.value)


def test_an_unknown_option_lists_the_known_ones(model):
    with pytest.raises(adva.InvalidInputError, match="closest first: O6"):
        model.trajectories(options="o6x")


def test_a_model_without_an_improvement_section():
    model = adva.Model.from_dict(json.loads(WITHOUT_IMPROVEMENT.read_text()))
    assert "improvement" not in model.to_dict()
    for options in (None, [model.option_ids[0]]):
        with pytest.raises(adva.InvalidInputError) as e:
            model.trajectories(options=options)
        assert e.value.id == "adva.trajectory.missing" and e.value.where == "/improvement"
