// The function-before-form guard: framing digest, lock, reopen and the status every result reports.
#include <openssl/evp.h>

#include <array>
#include <ctime>
#include <memory>
#include <set>
#include <string_view>

#include "adva/error.hpp"
#include "adva/io/model_json.hpp"
#include "adva/model/governance.hpp"

namespace adva {
namespace {

std::string sha256_hex(const std::string& text) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1 ||
        EVP_DigestUpdate(ctx.get(), text.data(), text.size()) != 1 ||
        EVP_DigestFinal_ex(ctx.get(), digest.data(), &length) != 1)
        throw computation_error("adva.governance.digest", "", "SHA-256 of the framing could not be computed");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * length);
    for (unsigned int i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 0xF];
    }
    return out;
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace

std::string framing_digest(const appraisal& model) {
    // nlohmann::json objects keep keys sorted, so dump() is a canonical serialisation.
    return sha256_hex(io::framing_to_json(model).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

void lock(appraisal& model, const std::string& by, const std::string& at) {
    if (model.governance.locked)
        throw stage_error("adva.governance.locked", "/governance/locked",
                          "the framing is already locked; reopen it with a reason before locking again", "true");
    validate(model);
    const std::string digest = framing_digest(model);
    model.governance.locked = true;
    model.governance.framing_digest = digest;
    model.governance.audit.push_back({"lock", at.empty() ? utc_now() : at, by, "", digest, false});
}

void reopen(appraisal& model, const std::string& reason, const std::string& by, const std::string& at) {
    if (!model.governance.locked)
        throw stage_error("adva.governance.not_locked", "/governance/locked", "only a locked framing can be reopened",
                          "false");
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        throw stage_error("adva.governance.reason_required", "reason",
                          "reopening the framing needs a reason (it is recorded in the audit trail)");
    audit_entry entry{"reopen", at.empty() ? utc_now() : at, by, reason, model.governance.framing_digest,
                      model.has_scores()};
    model.governance.locked = false;
    model.governance.framing_digest.clear();
    model.governance.audit.push_back(std::move(entry));
}

governance_status check_governance(const appraisal& model) {
    governance_status s;
    const auto& g = model.governance;
    s.locked = g.locked;
    s.recorded_digest = g.framing_digest;
    s.current_digest = framing_digest(model);
    s.digest_matches = g.locked && s.recorded_digest == s.current_digest;
    for (const auto& e : g.audit)
        if (e.action == "reopen" && e.after_scoring) ++s.weights_revised_after_scoring;
    s.scored_before_lock = !g.locked && model.has_scores();

    if (g.locked && !s.digest_matches)
        s.warnings.push_back("the framing has changed since it was locked (recorded digest " +
                             (s.recorded_digest.empty() ? std::string("missing") : s.recorded_digest.substr(0, 12)) +
                             ", now " + s.current_digest.substr(0, 12) +
                             "): reopen it with a reason and lock it again");
    if (s.scored_before_lock)
        s.warnings.push_back(
            "options are scored but the framing is not locked: weights set after seeing the options are not "
            "function before form");
    if (g.locked) {
        std::set<std::string_view> parents;
        for (const auto& c : model.criteria) parents.insert(c.parent);
        for (const auto& c : model.criteria)
            if (c.scale == scale_type::relative && !parents.count(c.id))
                s.warnings.push_back("criterion '" + c.id +
                                     "' uses a relative scale with locked weights: what its 0 and 100 mean depends on "
                                     "the options, so the weight was set without knowing the swing (prefer a fixed, "
                                     "anchored scale)");
    }
    if (s.weights_revised_after_scoring > 0)
        s.warnings.push_back("weights revised after scoring: " + std::to_string(s.weights_revised_after_scoring));
    return s;
}

}  // namespace adva
