// PAPRIKA trade-offs: simulated decision-makers, implication, the minimum-total rule by hand,
// conflicts named minimally, the question order and every error id.
#include <cmath>
#include <cstddef>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "methods_test_support.hpp"

#include "adva/error.hpp"
#include "adva/weights/paprika.hpp"

using namespace adva;
using adva::testing::MessageContains;
using Catch::Matchers::Message;

namespace {

using answer_list = std::vector<std::pair<paprika_question, paprika_answer>>;
using point_table = std::vector<std::vector<double>>;  // [criterion][level], level 0 = 0

double difference(const point_table& p, const paprika_question& q) {
    double d = 0;
    for (const auto& x : q.a) d += p[x.criterion][x.level];
    for (const auto& x : q.b) d -= p[x.criterion][x.level];
    return d;
}

paprika_answer true_answer(const point_table& p, const paprika_question& q) {
    const double d = difference(p, q);
    return d > 0 ? paprika_answer::a_better : d < 0 ? paprika_answer::b_better : paprika_answer::equal;
}

std::vector<std::size_t> levels_of(const point_table& p) {
    std::vector<std::size_t> l;
    for (const auto& c : p) l.push_back(c.size());
    return l;
}

/// Every trade-off question on exactly k criteria, A better on the lowest-numbered one; written
/// independently of the library's enumeration (subsets as bit masks, levels as an odometer).
std::vector<paprika_question> all_questions(const std::vector<std::size_t>& levels, std::size_t k) {
    std::vector<paprika_question> out;
    const std::size_t n = levels.size();
    for (unsigned subset = 0; subset < (1u << n); ++subset) {
        std::vector<std::size_t> crit;
        for (std::size_t c = 0; c < n; ++c)
            if (subset >> c & 1u) crit.push_back(c);
        if (crit.size() != k) continue;
        std::vector<std::size_t> la(k, 0), lb(k, 0);
        for (;;) {
            bool differ = true, a_wins = false, b_wins = false;
            for (std::size_t i = 0; i < k; ++i) {
                differ = differ && la[i] != lb[i];
                (la[i] > lb[i] ? a_wins : b_wins) = true;
            }
            if (differ && a_wins && b_wins && la[0] > lb[0]) {
                paprika_question q;
                for (std::size_t i = 0; i < k; ++i) {
                    q.a.push_back({crit[i], la[i]});
                    q.b.push_back({crit[i], lb[i]});
                }
                out.push_back(q);
            }
            std::size_t i = 0;
            for (; i < k; ++i) {
                if (++la[i] < levels[crit[i]]) break;
                la[i] = 0;
                if (++lb[i] < levels[crit[i]]) break;
                lb[i] = 0;
            }
            if (i == k) break;
        }
    }
    return out;
}

/// A decision-maker with random integer point increments 1..9 (so ties between trade-offs occur).
point_table random_decision_maker(std::mt19937& rng) {
    const std::size_t n = 3 + rng() % 3;
    point_table p(n);
    for (auto& c : p) {
        const std::size_t levels = 2 + rng() % 3;
        c.push_back(0);
        for (std::size_t l = 1; l < levels; ++l) c.push_back(c.back() + double(1 + rng() % 9));
    }
    return p;
}

/// Runs the interactive flow answering as `truth` would, checking that each question asked was
/// open (no answer implied) when asked, then checks the result against every possible question.
void simulate(const point_table& truth, paprika_parameters parameters = {}) {
    const auto levels = levels_of(truth);
    paprika_session s(levels, parameters);
    std::size_t asked = 0;
    while (const auto q = s.next_question()) {
        INFO("question " << asked);
        // (1) both strict answers were feasible: the answers so far imply none of the three.
        REQUIRE_FALSE(s.implied_answer(*q).has_value());
        CHECK_FALSE(s.implied(*q, paprika_answer::a_better));
        s.answer(*q, true_answer(truth, *q));
        ++asked;
    }
    CHECK(s.complete());
    const paprika_result r = s.result();
    REQUIRE(r.consistent);
    CHECK(r.questions_asked == asked);

    // (2) The derived points give every possible question the decision-maker's answer, and the
    // answers imply it (explicitly answered ones trivially).
    std::size_t possible = 0;
    for (std::size_t k = 2; k <= std::min(parameters.max_criteria, levels.size()); ++k)
        for (const auto& q : all_questions(levels, k)) {
            ++possible;
            const double d = difference(r.points, q);
            const paprika_answer expected = true_answer(truth, q);
            INFO("k = " << k << ", derived difference " << d);
            if (expected == paprika_answer::equal) CHECK(std::abs(d) < 1e-9);
            else CHECK((expected == paprika_answer::a_better ? d : -d) > 1e-6);
            CHECK(s.implied(q, expected));
        }
    CHECK(r.questions_possible == possible);
    // (4) Implication saved questions; every possible question was asked or implied.
    CHECK(r.questions_asked + r.questions_implied == possible);
    CHECK(r.questions_asked < possible);

    // (3) The true weights lie in the reported ranges; the points are normalised and rising.
    double top_total = 0, points_total = 0;
    for (const auto& c : truth) top_total += c.back();
    for (std::size_t c = 0; c < levels.size(); ++c) {
        const double w = truth[c].back() / top_total;
        INFO("criterion " << c << ": true weight " << w << " in [" << r.weight_ranges[c].min << ", "
                          << r.weight_ranges[c].max << "]");
        CHECK(r.weight_ranges[c].min <= w + 1e-9);
        CHECK(w <= r.weight_ranges[c].max + 1e-9);
        CHECK(r.weight_ranges[c].min <= r.weights[Eigen::Index(c)] + 1e-9);
        CHECK(r.weights[Eigen::Index(c)] <= r.weight_ranges[c].max + 1e-9);
        CHECK(r.points[c][0] == 0.0);
        for (std::size_t l = 1; l < levels[c]; ++l) CHECK(r.points[c][l] > r.points[c][l - 1]);
        CHECK(r.weights[Eigen::Index(c)] == Approx(r.points[c].back() / 100));
        points_total += r.points[c].back();
    }
    CHECK(points_total == Approx(100.0));
    CHECK(r.weights.sum() == Approx(1.0));

    // The same answers in bulk: same points, and the same count of implied questions.
    const paprika_result bulk = paprika(levels, s.answers(), parameters);
    REQUIRE(bulk.consistent);
    CHECK(bulk.points == r.points);
    CHECK(bulk.questions_implied == r.questions_implied);
}

paprika_question swap_tops(std::size_t i, std::size_t j) {  // A at the top of i, B at the top of j (2 levels)
    return {{{i, 1}, {j, 0}}, {{i, 0}, {j, 1}}};
}

}  // namespace

TEST_CASE("a simulated decision-maker's answers are all reproduced and implied questions are never asked",
          "[weights][paprika]") {
    SECTION("three criteria of three levels") { simulate({{0, 10, 30}, {0, 20, 25}, {0, 5, 45}}); }
    SECTION("four criteria with many exact ties between trade-offs") {
        simulate({{0, 10}, {0, 5, 10}, {0, 10}, {0, 5, 10, 15}});
    }
    SECTION("random decision-makers from a fixed seed") {
        std::mt19937 rng(20260105);
        for (int i = 0; i < 8; ++i) {
            const point_table truth = random_decision_maker(rng);
            INFO("decision-maker " << i);
            simulate(truth);
        }
    }
}

TEST_CASE("with max_criteria 3, questions on three criteria settle what pairs of criteria leave open",
          "[weights][paprika]") {
    std::mt19937 rng(7);
    for (int i = 0; i < 3; ++i) {
        point_table truth(4);
        for (auto& c : truth) {
            c = {0};
            for (int l = 1; l < 3; ++l) c.push_back(c.back() + double(1 + rng() % 9));
        }
        INFO("decision-maker " << i);
        simulate(truth, {.max_criteria = 3});
    }
}

TEST_CASE("the minimum-total rule on a case worked by hand", "[weights][paprika]") {
    // Two criteria of levels 0..2. Answers: A = (c0 top, c1 worst) beats B = (c0 worst, c1 top):
    // p02 >= p12 + 1; A = (c0 level 1, c1 worst) equals B = (c0 worst, c1 top): p01 = p12.
    // Least total with unit gaps: p11 = 1, p12 = 2, p01 = 2, p02 = 3 (each at its own lower bound);
    // tops 3 + 2 = 5, so ×20: c0 = {0, 40, 60}, c1 = {0, 20, 40}; weights 0.6 and 0.4.
    // Ranges over the closure with p02 + p12 = 1: p02 >= p12 gives w0 >= 0.5; p12 = 0 gives w0 = 1.
    const answer_list answers{
        {{{{0, 2}, {1, 0}}, {{0, 0}, {1, 2}}}, paprika_answer::a_better},
        {{{{0, 1}, {1, 0}}, {{0, 0}, {1, 2}}}, paprika_answer::equal},
    };
    const paprika_result r = paprika({3, 3}, answers);
    REQUIRE(r.consistent);
    CHECK(r.parameters.point_rule == paprika_point_rule::minimum_total);
    CHECK(to_string(r.parameters.point_rule) == "minimum_total");
    REQUIRE(r.points.size() == 2);
    CHECK(r.points[0][1] == Approx(40.0));
    CHECK(r.points[0][2] == Approx(60.0));
    CHECK(r.points[1][1] == Approx(20.0));
    CHECK(r.points[1][2] == Approx(40.0));
    CHECK(r.points[0][0] == 0.0);
    CHECK(r.weights[0] == Approx(0.6));
    CHECK(r.weights[1] == Approx(0.4));
    CHECK(r.weight_ranges[0].min == Approx(0.5));
    CHECK(r.weight_ranges[0].max == Approx(1.0));
    CHECK(r.weight_ranges[1].min == Approx(0.0).margin(1e-12));
    CHECK(r.weight_ranges[1].max == Approx(0.5));
    // 9 possible questions: 2 answered; with q = p01 = p12, r = p11 < q < s = p02, the gaps
    // (c0 gap − c1 gap) q − r, r, s − r and s − q + r are positive (implied), while s − q − r,
    // s − 2q and s − 2q + r can take either sign (open).
    CHECK(r.questions_possible == 9);
    CHECK(r.questions_asked == 2);
    CHECK(r.questions_implied == 4);
}

TEST_CASE("questions come largest trade-off first and implied ones are passed over", "[weights][paprika]") {
    paprika_session s({3, 3});
    auto q = s.next_question();
    REQUIRE(q);
    CHECK(*q == paprika_question{{{0, 2}, {1, 0}}, {{0, 0}, {1, 2}}});
    CHECK(s.next_question() == q);  // not answered: asked again
    s.answer(*q, paprika_answer::a_better);
    // Next in order: (c0 2/0, c1 2/1) and (c0 2/0, c1 1/0), both implied by p02 > p12; then this.
    q = s.next_question();
    REQUIRE(q);
    CHECK(*q == paprika_question{{{0, 2}, {1, 0}}, {{0, 1}, {1, 2}}});
    CHECK(s.result().questions_implied == 2);

    // 30 criteria of 10 levels: 435 pairs × 45² = 880 875 questions, within the bound; the first
    // is "which matters more, criterion 0 or 1, worst to best?".
    paprika_session big(std::vector<std::size_t>(30, 10));
    const auto first = big.next_question();
    REQUIRE(first);
    CHECK(*first == paprika_question{{{0, 9}, {1, 0}}, {{0, 0}, {1, 9}}});
}

TEST_CASE("answers given out of order are not asked again nor counted as implied", "[weights][paprika]") {
    paprika_session s({2, 2, 2});
    s.answer(swap_tops(0, 1), paprika_answer::a_better);  // w0 > w1
    s.answer(swap_tops(2, 1), paprika_answer::b_better);  // mirrored form: w1 > w2
    CHECK(s.implied(swap_tops(0, 2), paprika_answer::a_better));
    CHECK_FALSE(s.implied(swap_tops(0, 2), paprika_answer::equal));
    CHECK_FALSE(s.next_question().has_value());
    const auto r = s.result();
    CHECK(r.questions_possible == 3);
    CHECK(r.questions_asked == 2);
    CHECK(r.questions_implied == 1);
    CHECK(r.weights[0] > r.weights[1]);
    CHECK(r.weights[1] > r.weights[2]);
}

TEST_CASE("a contradicting answer is refused with the earlier answers it conflicts with", "[weights][paprika]") {
    paprika_session s({2, 2, 2, 2});
    s.answer(swap_tops(0, 1), paprika_answer::a_better);  // 0: w0 > w1
    s.answer(swap_tops(2, 3), paprika_answer::a_better);  // 1: w2 > w3, not in the conflict
    s.answer(swap_tops(1, 2), paprika_answer::a_better);  // 2: w1 > w2
    CHECK(s.conflict(swap_tops(0, 2), paprika_answer::b_better) == std::vector<std::size_t>{0, 2});
    CHECK(s.conflict(swap_tops(0, 2), paprika_answer::a_better).empty());
    REQUIRE_THROWS_MATCHES(s.answer(swap_tops(0, 2), paprika_answer::b_better), invalid_input,
                           Message("[adva.paprika.inconsistent_answer] /answer: the answer contradicts earlier answers "
                                   "(a minimal conflict: these and this one) (seen: b_better against earlier answers [0, 2])"));
    CHECK(s.answers().size() == 3);  // unchanged
    s.answer(swap_tops(0, 2), paprika_answer::a_better);  // the implied answer is accepted
    CHECK(s.answers().size() == 4);
}

TEST_CASE("bulk answers that contradict each other are named by a minimal conflicting subset", "[weights][paprika]") {
    const std::vector<std::size_t> levels{2, 2, 2, 2};
    answer_list answers{
        {swap_tops(0, 1), paprika_answer::a_better},  // 0: w0 > w1
        {swap_tops(2, 3), paprika_answer::a_better},  // 1: w2 > w3
        {swap_tops(1, 2), paprika_answer::a_better},  // 2: w1 > w2
        {swap_tops(0, 2), paprika_answer::b_better},  // 3: w2 > w0 closes the cycle 0, 2, 3
    };
    auto r = paprika(levels, answers);
    CHECK_FALSE(r.consistent);
    CHECK(r.conflict == std::vector<std::size_t>{0, 2, 3});
    CHECK(r.points.empty());
    CHECK(r.questions_asked == 4);

    // A second conflict {3, 4}: the deletion filter drops 0, 1 and 2 in order (the rest stays
    // infeasible each time) and keeps 3 and 4; either one alone is consistent.
    answers.push_back({swap_tops(0, 2), paprika_answer::a_better});  // 4: w0 > w2
    r = paprika(levels, answers);
    CHECK_FALSE(r.consistent);
    CHECK(r.conflict == std::vector<std::size_t>{3, 4});
    for (const std::size_t drop : r.conflict) {
        answer_list rest;
        for (const std::size_t i : r.conflict)
            if (i != drop) rest.push_back(answers[i]);
        CHECK(paprika(levels, rest).consistent);
    }

    // Equal answers conflict too: w0 = w1 = w2 but w0 > w2.
    r = paprika({2, 2, 2},
                {{swap_tops(0, 1), paprika_answer::equal}, {swap_tops(1, 2), paprika_answer::equal},
                 {swap_tops(0, 2), paprika_answer::a_better}});
    CHECK_FALSE(r.consistent);
    CHECK(r.conflict == std::vector<std::size_t>{0, 1, 2});
    r = paprika({2, 2, 2}, {{swap_tops(0, 1), paprika_answer::equal}, {swap_tops(1, 2), paprika_answer::equal}});
    REQUIRE(r.consistent);
    CHECK(r.weights[0] == Approx(1.0 / 3));
    CHECK(r.weight_ranges[2].min == Approx(1.0 / 3));
    CHECK(r.weight_ranges[2].max == Approx(1.0 / 3));
    CHECK(r.questions_implied == 1);
}

TEST_CASE("invalid problems, parameters, questions and answers are refused with their ids", "[weights][paprika]") {
    REQUIRE_THROWS_MATCHES(paprika_session({3}), invalid_input,
                           Message("[adva.paprika.too_few_criteria] /levels: trade-offs need at least 2 criteria (seen: 1)"));
    REQUIRE_THROWS_MATCHES(paprika_session(std::vector<std::size_t>(31, 2)), limit_exceeded,
                           MessageContains("[adva.paprika.too_many_criteria] /levels"));
    REQUIRE_THROWS_MATCHES(paprika_session({3, 1}), invalid_input,
                           Message("[adva.paprika.too_few_levels] /levels/1: a criterion needs at least 2 levels (seen: 1)"));
    REQUIRE_THROWS_MATCHES(paprika_session({3, 11}), limit_exceeded,
                           MessageContains("[adva.paprika.too_many_levels] /levels/1"));
    REQUIRE_THROWS_MATCHES(paprika_session({3, 3}, {.max_criteria = 4}), invalid_input,
                           MessageContains("[adva.paprika.max_criteria] /max_criteria"));
    REQUIRE_THROWS_MATCHES(paprika_session({3, 3}, {.max_criteria = 1}), invalid_input,
                           MessageContains("[adva.paprika.max_criteria]"));
    REQUIRE_THROWS_MATCHES(paprika_session({3, 3}, {.point_rule = static_cast<paprika_point_rule>(7)}), invalid_input,
                           MessageContains("[adva.paprika.point_rule] /point_rule"));
    REQUIRE_THROWS_MATCHES(paprika_session(std::vector<std::size_t>(30, 10), {.max_criteria = 3}), limit_exceeded,
                           MessageContains("[adva.paprika.too_many_questions]"));

    const answer_list many(paprika_max_answers + 1, {swap_tops(0, 1), paprika_answer::a_better});
    REQUIRE_THROWS_MATCHES(paprika({2, 2}, many), limit_exceeded, MessageContains("[adva.paprika.too_many_answers] /answers"));

    const auto bulk = [](paprika_question q, paprika_answer a = paprika_answer::a_better) {
        return paprika({3, 3, 3}, {{swap_tops(0, 1), paprika_answer::a_better}, {std::move(q), a}});
    };
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}, {5, 0}}, {{0, 0}, {5, 1}}}), invalid_input,
                           Message("[adva.paprika.criterion_out_of_range] /answers/1/a/1/criterion: there are 3 criteria, "
                                   "numbered from 0 (seen: 5)"));
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}, {1, 0}}, {{0, 0}, {1, 3}}}), invalid_input,
                           Message("[adva.paprika.level_out_of_range] /answers/1/b/1/level: criterion 1 has levels 0 to 2 "
                                   "(seen: 3)"));
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}, {1, 0}}, {{0, 0}, {1, 2}, {2, 1}}}), invalid_input,
                           MessageContains("[adva.paprika.question_criteria] /answers/1"));
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}}, {{0, 0}}}), invalid_input, MessageContains("[adva.paprika.question_criteria]"));
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}, {1, 0}}, {{0, 0}, {2, 2}}}), invalid_input,
                           MessageContains("[adva.paprika.question_criteria]"));
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}, {1, 1}}, {{0, 0}, {1, 1}}}), invalid_input,
                           MessageContains("[adva.paprika.question_criteria]"));
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}, {0, 1}}, {{0, 0}, {0, 1}}}), invalid_input,
                           MessageContains("[adva.paprika.question_criteria]"));
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}, {1, 1}}, {{0, 0}, {1, 0}}}), invalid_input,
                           Message("[adva.paprika.not_a_trade_off] /answers/1: each alternative must be better on at least "
                                   "one listed criterion (a dominated pair has an obvious answer) (seen: a is better on "
                                   "every listed criterion)"));
    REQUIRE_THROWS_MATCHES(bulk({{{0, 2}, {1, 0}}, {{0, 0}, {1, 2}}}, static_cast<paprika_answer>(5)), invalid_input,
                           MessageContains("[adva.paprika.answer] /answers/1/answer"));

    paprika_session s({3, 3});
    REQUIRE_THROWS_MATCHES(s.answer({{{0, 2}, {1, 2}}, {{0, 0}, {1, 0}}}, paprika_answer::a_better), invalid_input,
                           MessageContains("[adva.paprika.not_a_trade_off] /question"));
    REQUIRE_THROWS_MATCHES(s.implied_answer({{{0, 3}, {1, 0}}, {{0, 0}, {1, 2}}}), invalid_input,
                           MessageContains("[adva.paprika.level_out_of_range] /question/a/0/level"));
    REQUIRE_THROWS_MATCHES(s.answer({{{0, 2}, {1, 0}}, {{0, 0}, {1, 2}}}, static_cast<paprika_answer>(3)), invalid_input,
                           MessageContains("[adva.paprika.answer] /answer"));
    CHECK(s.answers().empty());
}
