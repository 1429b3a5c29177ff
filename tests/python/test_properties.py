"""Hypothesis property tests of the additive appraisal and SMAA."""

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import adva

LEAVES = {"A": ["A1", "A2"], "B": ["B1", "B2", "B3"]}
LEAF_IDS = [c for cs in LEAVES.values() for c in cs]

weights = st.lists(st.integers(1, 100), min_size=2 + len(LEAF_IDS), max_size=2 + len(LEAF_IDS))
score_rows = st.lists(st.lists(st.integers(0, 100), min_size=len(LEAF_IDS), max_size=len(LEAF_IDS)), min_size=2, max_size=6)


def make_model(w, rows):
    criteria = [{"id": "A", "name": "A", "weight": w[0]}, {"id": "B", "name": "B", "weight": w[1]}]
    k = 2
    for parent, leaves in LEAVES.items():
        for leaf in leaves:
            criteria.append({"id": leaf, "name": leaf, "parent": parent, "weight": w[k]})
            k += 1
    options = [{"id": f"O{i}", "name": f"O{i}", "vehicle": "in_house", "scores": dict(zip(LEAF_IDS, row))}
               for i, row in enumerate(rows)]
    return {"adva_model": 1, "context": {"title": "property"}, "criteria": criteria, "options": options}


def ranks(result):
    return result.ranking["rank"].to_dict()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(w=weights, rows=score_rows, factor=st.sampled_from([0.01, 0.5, 3.0, 1000.0]))
def test_scaling_all_weights_keeps_the_ranking(w, rows, factor):
    base = adva.load(make_model(w, rows)).appraise()
    scaled = adva.load(make_model([x * factor for x in w], rows)).appraise()
    assert ranks(scaled) == ranks(base)
    np.testing.assert_allclose(scaled.ranking["total"], base.ranking["total"], rtol=1e-9)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(w=weights, rows=score_rows, which=st.integers(0, 5), drops=st.lists(st.integers(0, 30), min_size=len(LEAF_IDS),
                                                                          max_size=len(LEAF_IDS)))
def test_adding_a_dominated_option_keeps_the_others_order(w, rows, which, drops):
    base = adva.load(make_model(w, rows)).appraise()
    dominator = rows[which % len(rows)]
    dominated = [max(0, s - d) for s, d in zip(dominator, drops)]
    grown = adva.load(make_model(w, rows + [dominated])).appraise()
    new_id = f"O{len(rows)}"
    order = [o for o in grown.ranking.index if o != new_id]
    assert order == list(base.ranking.index)
    assert _same_totals(base, grown, new_id)
    assert grown.ranking.loc[new_id, "total"] <= grown.ranking.loc[f"O{which % len(rows)}", "total"] + 1e-9


def _same_totals(base, grown, new_id):
    # Totals of the others are unchanged (fixed scales), so their relative order is too.
    t0 = base.ranking["total"]
    t1 = grown.ranking["total"].drop(new_id)
    return np.allclose(t0.sort_index(), t1.sort_index(), rtol=1e-12)


@settings(max_examples=25, deadline=None)
@given(x=st.lists(st.lists(st.floats(0, 1), min_size=3, max_size=3), min_size=2, max_size=5), seed=st.integers(0, 2**32))
def test_same_seed_same_smaa(x, seed):
    a = adva.smaa(np.array(x), samples=3000, seed=seed)
    b = adva.smaa(np.array(x), samples=3000, seed=seed, threads=1)
    assert a.rank_acceptability.equals(b.rank_acceptability)
    assert a.pairwise_winning.equals(b.pairwise_winning)
    assert a.central_weights.fillna(-1).equals(b.central_weights.fillna(-1))
