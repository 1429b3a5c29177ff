// MACBETH: LP-MACBETH scales derived by hand, the tie rule, ranges, incomplete matrices,
// anchoring, open score intervals, suggestions for inconsistent judgements, weights and every
// error id.
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include <catch2/catch.hpp>

#include "adva/error.hpp"
#include "adva/weights/macbeth.hpp"

using namespace adva;
using Catch::Matchers::Contains;

namespace {

using C = macbeth_category;

macbeth_judgement judge(std::size_t more, std::size_t less, C lowest, C highest) { return {more, less, lowest, highest}; }
macbeth_judgement judge(std::size_t more, std::size_t less, C category) { return {more, less, category, category}; }

constexpr std::size_t a = 0, b = 1, c = 2, d = 3;

// a > b weak, b > c moderate, a > c strong. By hand (s_1 = 1/2, s_k >= k - 1/2): v(c) = 0,
// v(b) >= s_3 + 1/2 >= 3, v(a) - v(b) >= s_2 + 1/2 >= 2, so v(a) >= 5; (5, 3, 0) meets every
// upper bound (a - b = 2 <= s_3 - 1/2 = 2, b = 3 <= s_4 - 1/2 = 3, a = 5 <= s_5 - 1/2 with
// s_5 = 5.5), and v(a) = 5 forces v(b) = 3: the optimum is unique.
macbeth_problem three_elements() { return {3, {judge(a, b, C::weak), judge(b, c, C::moderate), judge(a, c, C::strong)}, {}, {}}; }

// An incomplete chain a > b moderate, b > c weak, c > d very weak: every gap at its least,
// v = (6, 3, 1, 0).
macbeth_problem chain() {
    return {4, {judge(a, b, C::moderate), judge(b, c, C::weak), judge(c, d, C::very_weak)}, {}, {}};
}

Eigen::VectorXd with(Eigen::VectorXd v, std::size_t i, double x) {
    v[Eigen::Index(i)] = x;
    return v;
}

}  // namespace

TEST_CASE("category names round-trip and read with spaces", "[weights][macbeth]") {
    for (int k = 0; k <= 6; ++k) {
        const auto cat = static_cast<C>(k);
        CHECK(parse_macbeth_category(to_string(cat)) == cat);
    }
    CHECK(parse_macbeth_category("very strong") == C::very_strong);
    CHECK_FALSE(parse_macbeth_category("huge").has_value());
}

TEST_CASE("a complete matrix of three gives the LP-MACBETH optimum derived by hand", "[weights][macbeth]") {
    const auto s = macbeth(three_elements());
    REQUIRE(s.consistent);
    CHECK(s.basic[a] == Approx(5).margin(1e-6));
    CHECK(s.basic[b] == Approx(3).margin(1e-6));
    CHECK(s.basic[c] == Approx(0).margin(1e-6));
    CHECK(s.bottom == c);
    CHECK(s.top == a);
    CHECK(s.anchoring == macbeth_anchoring::bottom_top);
    CHECK(s.scores[a] == Approx(100).margin(1e-6));  // bottom 0, top 100: 100 * v / 5
    CHECK(s.scores[b] == Approx(60).margin(1e-6));
    CHECK(s.scores[c] == Approx(0).margin(1e-6));
    // Least thresholds: s_2 = 1.5, s_3 = 2.5 (a - b weak), s_4 = 3.5 (b moderate), s_5 = 5.5 (a = 5
    // strong needs 5 <= s_5 - 1/2), s_6 = s_5 + 1.
    const std::vector<double> thresholds{0.5, 1.5, 2.5, 3.5, 5.5, 6.5};
    REQUIRE(s.thresholds.size() == 6);
    for (Eigen::Index k = 0; k < 6; ++k) CHECK(s.thresholds[k] == Approx(thresholds[std::size_t(k)]).margin(1e-6));
    CHECK(s.tie_rule == macbeth_tie_rule::least_total_then_index_order);
    CHECK(s.tie_rule_name == "least_total_then_index_order");
    CHECK(s.suggestions.empty());
}

TEST_CASE("score intervals are open, others fixed, and end exactly where the judgements stop fitting",
          "[weights][macbeth]") {
    const auto p = three_elements();
    const auto s = macbeth(p);
    REQUIRE(s.consistent);
    // b with a = 5, c = 0 (basic units), thresholds free: b - c >= s_3 and a - b <= s_3 give
    // b >= 2.5; a - b >= s_2 >= 0 gives b <= 5: (2.5, 5) -> (50, 100) anchored.
    CHECK(s.lower[b] == Approx(50).margin(1e-6));
    CHECK(s.upper[b] == Approx(100).margin(1e-6));
    // a with b = 3, c = 0: a > 3 (above the moderate gap b - c <= s_4 <= a) and a - 3 <= s_3 <= 3.
    CHECK(s.lower[a] == Approx(60).margin(1e-6));
    CHECK(s.upper[a] == Approx(120).margin(1e-6));
    // c with a = 5, b = 3: 3 - c >= s_3 >= 2 (a - b = 2 is weak) gives c <= 1; nothing bounds it below.
    CHECK(s.upper[c] == Approx(20).margin(1e-6));
    CHECK(std::isinf(s.lower[c]));
    CHECK(s.lower[c] < 0);

    CHECK(macbeth_fits(p, s.scores));
    for (const std::size_t x : {a, b, c}) {
        const double eps = 0.01;
        if (std::isfinite(s.lower[Eigen::Index(x)])) {
            CHECK(macbeth_fits(p, with(s.scores, x, s.lower[Eigen::Index(x)] + eps)));
            CHECK_FALSE(macbeth_fits(p, with(s.scores, x, s.lower[Eigen::Index(x)] - eps)));
        }
        CHECK(macbeth_fits(p, with(s.scores, x, s.upper[Eigen::Index(x)] - eps)));
        CHECK_FALSE(macbeth_fits(p, with(s.scores, x, s.upper[Eigen::Index(x)] + eps)));
    }
    CHECK(macbeth_fits(p, with(s.scores, c, -1000.0)));  // the unbounded side
}

TEST_CASE("a range is not its lowest category: widening changes the intervals and the scale", "[weights][macbeth]") {
    auto widened = three_elements();
    widened.judgements[0] = judge(a, b, C::weak, C::strong);
    const auto s = macbeth(widened);
    REQUIRE(s.consistent);
    // The least scale is still (5, 3, 0): the lower end binds, as for "weak" alone ...
    CHECK(s.basic[a] == Approx(5).margin(1e-6));
    CHECK(s.basic[b] == Approx(3).margin(1e-6));
    // ... but a - b may now reach s_5 >= a, so b can fall to 0+: (0, 100) instead of (50, 100).
    CHECK(s.lower[b] == Approx(0).margin(1e-6));
    CHECK(s.upper[b] == Approx(100).margin(1e-6));
    CHECK(macbeth_fits(widened, with(s.scores, b, 10.0)));
    CHECK_FALSE(macbeth_fits(three_elements(), with(s.scores, b, 10.0)));

    // "very weak to weak" on (a, b): a - b >= 1 only, so a = max(s_4 + 1/2, b + 1) = 4 with b = 3.
    auto lowered = three_elements();
    lowered.judgements[0] = judge(a, b, C::very_weak, C::weak);
    const auto t = macbeth(lowered);
    REQUIRE(t.consistent);
    CHECK(t.basic[a] == Approx(4).margin(1e-6));
    CHECK(t.basic[b] == Approx(3).margin(1e-6));
    CHECK(t.scores[b] == Approx(75).margin(1e-6));
}

TEST_CASE("an incomplete matrix is solved from the judgements it has", "[weights][macbeth]") {
    const auto s = macbeth(chain());
    REQUIRE(s.consistent);
    CHECK(s.basic[a] == Approx(6).margin(1e-6));
    CHECK(s.basic[b] == Approx(3).margin(1e-6));
    CHECK(s.basic[c] == Approx(1).margin(1e-6));
    CHECK(s.basic[d] == Approx(0).margin(1e-6));
    CHECK(s.scores[b] == Approx(50).margin(1e-6));
    CHECK(s.scores[c] == Approx(100.0 / 6).margin(1e-6));
    CHECK(s.bottom == d);
    CHECK(s.top == a);
}

TEST_CASE("no difference gives equal scores", "[weights][macbeth]") {
    const macbeth_problem p{3, {judge(a, b, C::no_difference), judge(b, c, C::moderate), judge(a, c, C::moderate)}, {}, {}};
    const auto s = macbeth(p);
    REQUIRE(s.consistent);
    CHECK(s.basic[a] == Approx(3).margin(1e-6));  // b >= s_3 + 1/2 = 3, a = b
    CHECK(s.basic[b] == Approx(3).margin(1e-6));
    CHECK(s.scores[a] == Approx(100).margin(1e-6));
    CHECK(s.scores[b] == Approx(100).margin(1e-6));
    CHECK(s.lower[a] == Approx(100).margin(1e-6));  // tied to b, which is fixed
    CHECK(s.upper[a] == Approx(100).margin(1e-6));
}

TEST_CASE("when the optimum is not unique the least-total rule picks the scale", "[weights][macbeth]") {
    // a > c moderate and b > c "very weak to strong", a and b not compared: the greatest score is
    // a = s_3 + 1/2 = 3 and b may be anywhere in [1, 3]; the rule takes the least total, b = 1.
    const macbeth_problem p{3, {judge(a, c, C::moderate), judge(b, c, C::very_weak, C::strong)}, {}, {}};
    const auto s = macbeth(p);
    REQUIRE(s.consistent);
    CHECK(s.basic[a] == Approx(3).margin(1e-6));
    CHECK(s.basic[b] == Approx(1).margin(1e-6));
    CHECK(s.basic[c] == Approx(0).margin(1e-6));
    CHECK(s.tie_rule_name == "least_total_then_index_order");
    // Another optimal scale exists: (3, 2, 0) fits the judgements too.
    Eigen::VectorXd other(3);
    other << 3, 2, 0;
    CHECK(macbeth_fits(p, other));
}

TEST_CASE("neutral and good anchor the scale at 0 and 100", "[weights][macbeth]") {
    auto p = chain();
    p.neutral = c;  // basic 1
    p.good = b;     // basic 3: score = 100 * (v - 1) / 2
    const auto s = macbeth(p);
    REQUIRE(s.consistent);
    CHECK(s.anchoring == macbeth_anchoring::neutral_good);
    CHECK(s.scores[a] == Approx(250).margin(1e-6));
    CHECK(s.scores[b] == Approx(100).margin(1e-6));
    CHECK(s.scores[c] == Approx(0).margin(1e-6));
    CHECK(s.scores[d] == Approx(-50).margin(1e-6));
    CHECK(macbeth_fits(p, s.scores));
}

TEST_CASE("inconsistent judgements get suggestions, and the first one makes them consistent", "[weights][macbeth]") {
    // a > b strong and b > c strong make a - c >= 2 s_4 + 1, which "weak" (<= s_3 - 1/2) cannot
    // hold. Nothing done to (a, b) or (b, c) alone helps; (a, c) needs its highest end or the
    // whole judgement raised by two categories (to strong: a - c <= s_5 - 1/2 with s_5 free).
    auto p = three_elements();
    p.judgements = {judge(a, b, C::strong), judge(b, c, C::strong), judge(a, c, C::weak)};
    const auto s = macbeth(p);
    CHECK_FALSE(s.consistent);
    CHECK(s.basic.size() == 0);
    REQUIRE(s.suggestions.size() == 2);
    const auto& first = s.suggestions[0];
    CHECK(first.judgement == 2);
    CHECK(first.more == a);
    CHECK(first.less == c);
    CHECK(first.change == macbeth_change::highest_end);
    CHECK(first.lowest_now == C::weak);
    CHECK(first.highest_now == C::weak);
    CHECK(first.lowest_suggested == C::weak);
    CHECK(first.highest_suggested == C::strong);
    CHECK(first.shift == 2);
    const auto& second = s.suggestions[1];
    CHECK(second.change == macbeth_change::whole);
    CHECK(second.lowest_suggested == C::strong);
    CHECK(second.highest_suggested == C::strong);
    CHECK(second.shift == 2);

    for (const auto& suggestion : s.suggestions) {
        auto fixed = p;
        fixed.judgements[suggestion.judgement] =
            judge(suggestion.more, suggestion.less, suggestion.lowest_suggested, suggestion.highest_suggested);
        CHECK(macbeth(fixed).consistent);
    }
    // One category less is not enough.
    auto short_of = p;
    short_of.judgements[2] = judge(a, c, C::weak, C::moderate);
    CHECK_FALSE(macbeth(short_of).consistent);
}

TEST_CASE("a cycle is inconsistent and no single change of a category repairs it", "[weights][macbeth]") {
    const macbeth_problem p{3, {judge(a, b, C::weak), judge(b, c, C::weak), judge(c, a, C::weak)}, {}, {}};
    const auto s = macbeth(p);
    CHECK_FALSE(s.consistent);
    CHECK(s.suggestions.empty());
}

TEST_CASE("MACBETH weights normalise the swing scores and follow their order", "[weights][macbeth]") {
    // Swings A, B, C and "[all lower]" L = 3. By hand: C >= s_2 + 1/2 = 2, B >= 3, A - B >= 2 (weak),
    // so A >= 5; (5, 3, 2, 0) meets every upper bound and A = 5 forces B = 3, C = 2.
    constexpr std::size_t A = 0, B = 1, Cr = 2, L = 3;
    const std::vector<macbeth_judgement> js{judge(A, L, C::strong),   judge(B, L, C::moderate), judge(Cr, L, C::weak),
                                            judge(A, B, C::weak),     judge(B, Cr, C::very_weak),
                                            judge(A, Cr, C::moderate)};
    const auto w = macbeth_weights(3, js);
    REQUIRE(w.scale.consistent);
    CHECK(w.scale.basic[L] == Approx(0).margin(1e-9));
    REQUIRE(w.weights.size() == 3);
    CHECK(w.weights.sum() == Approx(1).margin(1e-12));
    CHECK(w.weights[A] == Approx(0.5).margin(1e-6));
    CHECK(w.weights[B] == Approx(0.3).margin(1e-6));
    CHECK(w.weights[Cr] == Approx(0.2).margin(1e-6));
    CHECK(w.weights[A] > w.weights[B]);
    CHECK(w.weights[B] > w.weights[Cr]);
    // A's score moves in (4, 6) with B = 3, C = 2 fixed (A - B <= s_3 <= 3; A - 3 >= s_2 >= 1),
    // so its weight moves in (4/9, 6/11).
    CHECK(w.lower[A] == Approx(4.0 / 9).margin(1e-6));
    CHECK(w.upper[A] == Approx(6.0 / 11).margin(1e-6));
    for (Eigen::Index i = 0; i < 3; ++i) {
        CHECK(w.lower[i] <= w.weights[i] + 1e-9);
        CHECK(w.upper[i] >= w.weights[i] - 1e-9);
    }
}

TEST_CASE("inconsistent swing judgements give no weights but suggestions", "[weights][macbeth]") {
    const std::vector<macbeth_judgement> js{judge(0, 2, C::weak), judge(1, 2, C::strong), judge(0, 1, C::strong)};
    const auto w = macbeth_weights(2, js);
    CHECK_FALSE(w.scale.consistent);
    CHECK(w.weights.size() == 0);
    CHECK_FALSE(w.scale.suggestions.empty());
}

TEST_CASE("every MACBETH input error names its rule and place", "[weights][macbeth][errors]") {
    const auto base = three_elements();
    auto p = base;

    p.elements = 1;
    p.judgements.clear();
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.too_few_elements] /judgements"));
    p.elements = macbeth_max_elements + 1;
    REQUIRE_THROWS_AS(macbeth(p), limit_exceeded);
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.too_many_elements]"));
    REQUIRE_THROWS_WITH(macbeth_weights(macbeth_max_elements, {}), Contains("[adva.macbeth.too_many_elements]"));

    p = base;
    p.judgements[1].less = 3;
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.element_out_of_range] /judgements/1/less") &&
                                        Contains("(seen: 3)"));
    p = base;
    p.judgements[2].less = a;
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.self_comparison] /judgements/2"));
    p = base;
    p.judgements[0].highest = static_cast<C>(9);
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.unknown_category] /judgements/0/highest"));
    p = base;
    p.judgements[0] = judge(a, b, C::strong, C::weak);
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.reversed_range] /judgements/0") &&
                                        Contains("strong to weak"));
    p = base;
    p.judgements[0] = judge(a, b, C::no_difference, C::weak);
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.no_difference_range] /judgements/0"));
    p = base;
    p.judgements.push_back(judge(b, a, C::weak));
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.duplicate_pair] /judgements/3") &&
                                        Contains("already judged at /judgements/0"));
    p = base;
    p.elements = 4;
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.disconnected]") && Contains("element 3"));

    p = base;
    p.neutral = c;
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.anchor_missing] good"));
    p.good = 7;
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.anchor_out_of_range] good"));
    p.good = c;
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.same_anchors]"));
    p.neutral = a;  // a is the most attractive: "good" b lies below it
    p.good = b;
    REQUIRE_THROWS_WITH(macbeth(p), Contains("[adva.macbeth.anchor_order] good"));

    const macbeth_problem flat{2, {judge(a, b, C::no_difference)}, {}, {}};
    REQUIRE_THROWS_WITH(macbeth(flat), Contains("[adva.macbeth.flat_scale]"));

    REQUIRE_THROWS_WITH(macbeth_fits(base, Eigen::VectorXd::Zero(2)), Contains("[adva.macbeth.bad_scores] scores"));
    Eigen::VectorXd nan_scores(3);
    nan_scores << 1, std::numeric_limits<double>::quiet_NaN(), 0;
    REQUIRE_THROWS_WITH(macbeth_fits(base, nan_scores), Contains("[adva.macbeth.bad_scores]"));

    REQUIRE_THROWS_WITH(macbeth_weights(2, {judge(2, 0, C::weak), judge(1, 2, C::weak)}),
                        Contains("[adva.macbeth.all_lower_above] /judgements/0/more"));
    p = base;
    p.judgements[0].more = a + 5;
    REQUIRE_THROWS_WITH(macbeth(p, "/criteria/C1/judgements"),
                        Contains("[adva.macbeth.element_out_of_range] /criteria/C1/judgements/0/more"));
}
