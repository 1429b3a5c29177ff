// The decision record (adva/model/governance.hpp, docs/decision-record.md): framing and scores
// digests, the hash-chained audit entries with optional Ed25519 signatures (OpenSSL EVP), lock,
// reopen and score changes, and the checks every result reports.
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <ctime>
#include <map>
#include <memory>
#include <set>
#include <string_view>

#include "adva/error.hpp"
#include "adva/io/model_json.hpp"
#include "adva/known_ids.hpp"
#include "adva/model/appraisal.hpp"
#include "adva/model/governance.hpp"
#include "json_names.hpp"

namespace adva {
namespace {

using nlohmann::json;

std::string canonical(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string hex(const unsigned char* bytes, std::size_t n) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[bytes[i] >> 4];
        out += digits[bytes[i] & 0xF];
    }
    return out;
}

std::string sha256_hex(std::string_view text) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int length = 0;
    if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1)
        throw computation_error("adva.governance.digest", "", "SHA-256 could not be computed");
    return hex(digest.data(), length);
}

// --- time ----------------------------------------------------------------------------------------

/// YYYY-MM-DDTHH:MM:SSZ naming a real UTC second. In this one form, text order is time order.
bool is_timestamp(const std::string& s) {
    static constexpr std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
    if (s.size() != shape.size()) return false;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != shape[i]) return false;
    std::tm tm{};
    auto field = [&](std::size_t at, std::size_t n) { return std::stoi(s.substr(at, n)); };
    tm.tm_year = field(0, 4) - 1900;
    tm.tm_mon = field(5, 2) - 1;
    tm.tm_mday = field(8, 2);
    tm.tm_hour = field(11, 2);
    tm.tm_min = field(14, 2);
    tm.tm_sec = field(17, 2);
    const std::tm asked = tm;
    const std::time_t t = timegm(&tm);  // normalises 2026-02-30 to March: then it was not a real date
    std::tm back{};
    gmtime_r(&t, &back);
    return back.tm_year == asked.tm_year && back.tm_mon == asked.tm_mon && back.tm_mday == asked.tm_mday &&
           back.tm_hour == asked.tm_hour && back.tm_min == asked.tm_min && back.tm_sec == asked.tm_sec;
}

// --- keys and signatures (Ed25519 through OpenSSL EVP) --------------------------------------------

using pkey_ptr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

pkey_ptr read_key(const std::string& pem, bool private_key, const std::string& where) {
    std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), &BIO_free);
    pkey_ptr key(nullptr, &EVP_PKEY_free);
    if (bio && pem.size() < (1u << 20))
        key.reset(private_key ? PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr)
                              : PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    const std::string wanted = private_key ? "an Ed25519 private key in PEM (openssl genpkey -algorithm ed25519)"
                                           : "an Ed25519 public key in PEM (openssl pkey -pubout)";
    if (!key) throw invalid_input("adva.governance.key", where, "expected " + wanted);
    if (EVP_PKEY_id(key.get()) != EVP_PKEY_ED25519)
        throw invalid_input("adva.governance.key", where, "expected " + wanted + ", not another kind of key");
    return key;
}

std::string fingerprint(EVP_PKEY* key) {
    unsigned char* der = nullptr;
    const int n = i2d_PUBKEY(key, &der);
    if (n <= 0) throw computation_error("adva.governance.digest", "", "the public key could not be encoded");
    std::unique_ptr<unsigned char, void (*)(unsigned char*)> owned(der, [](unsigned char* p) { OPENSSL_free(p); });
    return sha256_hex(std::string_view(reinterpret_cast<const char*>(der), std::size_t(n)));
}

std::string sign(EVP_PKEY* key, const std::string& message) {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    std::array<unsigned char, 64> signature{};
    std::size_t length = signature.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key) != 1 ||
        EVP_DigestSign(ctx.get(), signature.data(), &length,
                       reinterpret_cast<const unsigned char*>(message.data()), message.size()) != 1)
        throw computation_error("adva.governance.sign", "", "the entry could not be signed");
    std::array<unsigned char, 4 * 64 / 3 + 4> text{};
    const int n = EVP_EncodeBlock(text.data(), signature.data(), static_cast<int>(length));
    return std::string(reinterpret_cast<const char*>(text.data()), std::size_t(n));
}

bool signature_valid(EVP_PKEY* key, const std::string& message, const std::string& base64) {
    // An Ed25519 signature is 64 bytes: 88 base64 characters, the last two padding.
    if (base64.size() != 88 || base64.compare(86, 2, "==") != 0) return false;
    std::array<unsigned char, 66> raw{};
    if (EVP_DecodeBlock(raw.data(), reinterpret_cast<const unsigned char*>(base64.data()), 88) != 66) return false;
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    return ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key) == 1 &&
           EVP_DigestVerify(ctx.get(), raw.data(), 64, reinterpret_cast<const unsigned char*>(message.data()),
                            message.size()) == 1;
}

// --- naming what changed in the framing ------------------------------------------------------------

std::string value_text(const json& v) {
    if (v.is_number_float()) return io::detail::number_text(v.get<double>());
    std::string s = canonical(v);
    if (s.size() > 80) s = s.substr(0, 77) + "...";
    return s;
}

/// The key that names the elements of an array of objects ("id", else "group"), when every element
/// has a distinct one; empty otherwise (elements are then named by position).
std::string element_key(const json& a, const json& b) {
    for (const char* key : {"id", "group"}) {
        bool usable = true;
        for (const json* side : {&a, &b}) {
            std::set<std::string> seen;
            for (const auto& e : *side)
                if (!e.is_object() || !e.contains(key) || !e[key].is_string() ||
                    !seen.insert(e[key].get<std::string>()).second) {
                    usable = false;
                    break;
                }
        }
        if (usable) return key;
    }
    return {};
}

constexpr std::size_t max_named_changes = 200;

/// One difference between two framings: where (criteria/SF/weight) and what ("50 → 157").
struct framing_change {
    std::string path;
    std::string what;
};

void name_changes(const json& before, const json& after, const std::string& path, std::vector<framing_change>& out) {
    if (out.size() > max_named_changes || before == after) return;
    auto child = [&](const std::string& name) { return path.empty() ? name : path + "/" + name; };
    if (before.is_object() && after.is_object()) {
        for (const auto& [k, v] : before.items())
            if (!after.contains(k)) out.push_back({child(k), "removed (was " + value_text(v) + ")"});
        for (const auto& [k, v] : after.items()) {
            if (!before.contains(k)) out.push_back({child(k), "added (" + value_text(v) + ")"});
            else name_changes(before[k], v, child(k), out);
        }
        return;
    }
    if (before.is_array() && after.is_array()) {
        const std::size_t mark = out.size();
        if (const std::string key = element_key(before, after); !key.empty()) {
            std::map<std::string, const json*> old;
            std::vector<std::string> order_before, order_after;
            for (const auto& e : before) {
                order_before.push_back(e[key].get<std::string>());
                old[order_before.back()] = &e;
            }
            for (const auto& e : after) {
                order_after.push_back(e[key].get<std::string>());
                if (const auto it = old.find(order_after.back()); it == old.end())
                    out.push_back({child(order_after.back()), "added"});
                else name_changes(*it->second, e, child(order_after.back()), out);
            }
            const std::set<std::string> kept(order_after.begin(), order_after.end());
            for (const auto& id : order_before)
                if (!kept.count(id)) out.push_back({child(id), "removed"});
            // The same elements in another order: the order is the model's, so part of the framing.
            if (out.size() == mark && order_before != order_after) out.push_back({path, "reordered"});
            return;
        }
        const std::size_t n = std::min(before.size(), after.size());
        for (std::size_t i = 0; i < n; ++i) name_changes(before[i], after[i], child(std::to_string(i)), out);
        for (std::size_t i = n; i < after.size(); ++i) out.push_back({child(std::to_string(i)), "added"});
        for (std::size_t i = n; i < before.size(); ++i) out.push_back({child(std::to_string(i)), "removed"});
        return;
    }
    out.push_back({path, value_text(before) + " \u2192 " + value_text(after)});
}

// --- checking the record ---------------------------------------------------------------------------

std::string entry_pointer(std::size_t k) { return "/governance/audit/" + std::to_string(k); }

std::string short_digest(const std::string& d) { return d.empty() ? std::string("none") : d.substr(0, 12); }

/// Groups whose weights are partly not their own, and the rule that filled them in.
std::vector<std::string> imputation_notes(const appraisal& m) {
    std::map<std::string, std::set<std::string>> own;  // group -> criteria it gave a swing to
    std::set<std::string> weighted;                    // criteria linked to a weight question
    for (const auto& f : m.functions)
        for (const auto& q : f.questions) {
            if (q.kind != question_kind::weight) continue;
            weighted.insert(q.criteria.begin(), q.criteria.end());
            for (const auto& a : q.answers)
                for (const auto& [c, swing] : a.swing) own[a.group].insert(c);
        }
    std::vector<std::string> notes;
    if (own.empty()) return notes;  // nobody answered: direct weights for everyone, nothing imputed
    for (const auto& g : m.groups) {
        const auto it = own.find(g.id);
        if (it == own.end()) {
            notes.push_back("group '" + g.id + "' answered no weight question: it is left out of the consensus");
            continue;
        }
        std::vector<std::string> direct, borrowed;
        for (const auto& c : m.criteria) {
            if (it->second.count(c.id)) continue;
            (c.weight ? direct : borrowed).push_back(c.id);
        }
        auto list = [](const std::vector<std::string>& ids) {
            std::string s;
            for (std::size_t i = 0; i < ids.size() && i < 8; ++i) s += (i ? ", " : "") + ids[i];
            if (ids.size() > 8) s += ", … (" + std::to_string(ids.size()) + " in all)";
            return s;
        };
        if (!direct.empty())
            notes.push_back("group '" + g.id + "' gave no swing for " + list(direct) +
                            ": the criteria's direct weights are used");
        if (!borrowed.empty())
            notes.push_back("group '" + g.id + "' gave no swing for " + list(borrowed) +
                            ": the influence-weighted mean of the other groups' swings is used");
    }
    return notes;
}

governance_status check_record(const appraisal& m, const verify_options& options) {
    governance_status s;
    const auto& g = m.governance;
    s.current_digest = framing_digest(m);
    auto fail = [&](std::string kind, std::string where, std::string message) {
        s.findings.push_back({std::move(kind), std::move(where), std::move(message), true});
    };

    if (!options.digest.empty() && (options.digest.size() != 64 ||
                                    options.digest.find_first_not_of("0123456789abcdefABCDEF") != std::string::npos))
        throw invalid_input("adva.governance.digest_format", "--digest",
                            "a published framing digest is a SHA-256 digest: 64 hexadecimal digits",
                            "\"" + options.digest.substr(0, 80) + "\"");
    pkey_ptr key(nullptr, &EVP_PKEY_free);
    std::string key_id;
    if (!options.public_key.empty()) {
        key = read_key(options.public_key, false, "--pubkey");
        key_id = fingerprint(key.get());
    }

    bool locked = false;
    std::string lock_digest, previous_hash, previous_time, scores_then, first_lock_time;
    bool first_lock_after_scoring = false, ever_locked = false;
    for (std::size_t k = 0; k < g.audit.size(); ++k) {
        const audit_entry& e = g.audit[k];
        const std::string w = entry_pointer(k);
        const std::string name = "entry " + std::to_string(k + 1) + " (" + e.action + (e.at.empty() ? "" : " " + e.at) + ")";
        if (e.previous != previous_hash)
            fail("chain_broken", w + "/previous",
                 k == 0 ? name + " names a previous entry, but it is the first: entries were removed before it"
                        : name + " does not follow the entry before it (it names " + short_digest(e.previous) +
                              ", the entry before hashes to " + short_digest(previous_hash) +
                              "): an entry was added, removed, reordered or edited");
        if (!is_timestamp(e.at))
            fail("time_order", w + "/at", name + ": the time is not a UTC time YYYY-MM-DDTHH:MM:SSZ");
        else if (!previous_time.empty() && e.at < previous_time)
            fail("time_order", w + "/at", name + " is dated before the entry before it (" + previous_time +
                                              "): times in the record never go backwards");
        if (e.scores_digest.empty())
            fail("chain_broken", w + "/scores_digest", name + " has no scores digest (a record written by hand or "
                                                              "by an earlier adva): reopen and lock again");

        // Scores may change only through the record while the framing is locked.
        const std::string& scores_at_entry = e.action == "score" ? e.scores_before : e.scores_digest;
        if (locked && scores_at_entry != scores_then)
            s.findings.push_back({"scores_outside_record", w,
                                  "scores were changed between entry " + std::to_string(k) + " and " + name +
                                      " without adva score (no old → new, who or why on the record)",
                                  false});

        if (e.action == "lock") {
            if (locked) fail("chain_order", w + "/action", name + " follows a lock without a reopen");
            if (!ever_locked) {
                first_lock_after_scoring = e.after_scoring;
                first_lock_time = e.at;
            }
            locked = ever_locked = true;
            lock_digest = e.digest;
        } else if (e.action == "reopen") {
            if (!locked) fail("chain_order", w + "/action", name + " reopens a framing that is not locked");
            else if (e.digest != lock_digest)
                fail("reopen_digest", w + "/digest", name + " releases framing " + short_digest(e.digest) +
                                                         ", but the lock before it recorded " + short_digest(lock_digest));
            if (e.reason.find_first_not_of(" \t\r\n") == std::string::npos)
                fail("chain_order", w + "/reason", name + " has no reason");
            locked = false;
            ++s.revisions;
            if (e.after_scoring) ++s.weights_revised_after_scoring;
            s.reopen_reason = e.reason;
        } else {  // score
            if (!locked) fail("chain_order", w + "/action", name + " changes scores while the framing is not locked");
            else if (e.digest != lock_digest)
                fail("chain_broken", w + "/digest", name + " names framing " + short_digest(e.digest) +
                                                        ", not the locked " + short_digest(lock_digest));
            if (e.changes.empty()) fail("chain_order", w + "/changes", name + " records no change");
            s.score_changes_recorded += static_cast<int>(e.changes.size());
        }
        scores_then = e.scores_digest;

        if (key) {
            if (e.signature.empty())
                fail("signature_missing", w + "/signature", name + " is not signed");
            else if (e.key != key_id || !signature_valid(key.get(), entry_hash(e), e.signature))
                fail("signature_invalid", w + "/signature",
                     name + (e.key != key_id ? " is signed with another key (" + short_digest(e.key) + ")"
                                             : " has a signature that does not match the entry"));
        }
        previous_hash = entry_hash(e);
        previous_time = e.at;
    }
    s.record_head = previous_hash;
    s.locked = locked;
    s.reopened = !locked && ever_locked;
    s.scored_before_lock = ever_locked ? first_lock_after_scoring : m.has_scores();

    if (g.locked != locked)
        fail("locked_flag", "/governance/locked",
             g.locked ? (g.audit.empty() ? std::string("the file says locked, but no lock is recorded")
                                         : std::string("the file says locked, but the record ends with a reopen"))
                      : std::string("the file says unlocked, but the record ends with a lock: set by hand, not by "
                                    "adva reopen"));

    if (locked) {
        s.recorded_digest = lock_digest;
        s.digest_matches = s.current_digest == lock_digest;
        if (g.framing_digest != lock_digest)
            fail("digest_mismatch", "/governance/framing_digest",
                 "the framing digest in the file (" + short_digest(g.framing_digest) +
                     ") is not the one the last lock recorded (" + short_digest(lock_digest) + ")");
        const bool snapshot_whole = !g.framing.empty() && sha256_hex(g.framing) == lock_digest;
        if (!snapshot_whole)
            fail("snapshot_mismatch", "/governance/framing",
                 g.framing.empty() ? "the lock's copy of the framing is missing"
                                   : "the lock's copy of the framing does not match the digest the lock recorded");
        if (!s.digest_matches) {
            std::vector<framing_change> changes;
            if (snapshot_whole) name_changes(json::parse(g.framing), io::framing_to_json(m), "", changes);
            if (changes.empty())
                fail("framing_changed", "", "the framing differs from its lock (locked " + short_digest(lock_digest) +
                                                ", now " + short_digest(s.current_digest) + ")");
            for (std::size_t i = 0; i < changes.size() && i < max_named_changes; ++i)
                fail("framing_changed", changes[i].path, "changed after lock: " + changes[i].path + ": " + changes[i].what);
            if (changes.size() > max_named_changes)
                fail("framing_changed", "", "and more changes after lock than are listed");
        }
        if (scores_digest(m) != scores_then)
            s.findings.push_back({"scores_outside_record", "/options",
                                  "scores were changed after the last entry of the record without adva score (no "
                                  "old → new, who or why on the record)",
                                  false});
    } else if (s.reopened) {
        fail("not_locked", "/governance/locked",
             "the framing was reopened (" + s.reopen_reason + ") and has not been locked again");
    } else {
        fail("not_locked", "/governance/locked", "the framing has never been locked");
    }

    if (!options.digest.empty()) {
        std::string published = options.digest;
        std::transform(published.begin(), published.end(), published.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (published != s.current_digest)
            fail("published_digest", "--digest",
                 "the framing digest is " + s.current_digest + ", not the published " + options.digest +
                     ": this is not the framing that was published");
    }

    for (const auto& f : s.findings) s.warnings.push_back(f.message);
    if (s.scored_before_lock)
        s.warnings.push_back(ever_locked ? "options were scored before the framing was first locked (" +
                                               first_lock_time + "): not function before form"
                                         : "options are scored but the framing is not locked: weights set after "
                                           "seeing the options are not function before form");
    if (locked) {
        std::set<std::string_view> parents;
        for (const auto& c : m.criteria) parents.insert(c.parent);
        for (const auto& c : m.criteria)
            if (c.scale == scale_type::relative && !parents.count(c.id))
                s.warnings.push_back("criterion '" + c.id +
                                     "' uses a relative scale with locked weights: what its 0 and 100 mean depends on "
                                     "the options, so the weight was set without knowing the swing (prefer a fixed, "
                                     "anchored scale)");
    }
    if (s.weights_revised_after_scoring > 0)
        s.warnings.push_back("weights revised after scoring: " + std::to_string(s.weights_revised_after_scoring));
    s.imputations = imputation_notes(m);
    for (const auto& note : s.imputations) s.warnings.push_back("weights imputed: " + note);
    return s;
}

/// The record must be whole before it is extended: a lock, reopen or score on a broken record
/// would launder it.
void require_whole_record(const governance_status& s, const std::string& action) {
    std::string problems;
    std::size_t count = 0;
    for (const auto& f : s.findings)
        if (f.failure && f.kind != "not_locked") {
            if (++count <= 10) problems += (problems.empty() ? "" : "; ") + f.message;
        }
    if (count == 0) return;
    if (count > 10) problems += "; and " + std::to_string(count - 10) + " more";
    throw integrity_error("adva.governance.integrity", "/governance",
                          "the decision record does not verify, so it cannot be extended by " + action +
                              " (run adva verify): " + problems);
}

std::string entry_time(const governance& g, const std::string& asked) {
    const std::string at = asked.empty() ? utc_now() : asked;
    if (!is_timestamp(at))
        throw invalid_input("adva.governance.time", "--at", "a time is a UTC time YYYY-MM-DDTHH:MM:SSZ",
                            "\"" + asked + "\"");
    if (!g.audit.empty() && at < g.audit.back().at)
        throw stage_error("adva.governance.backdated", "--at",
                          "an entry cannot be dated before the last entry of the record (" + g.audit.back().at + ")",
                          "\"" + at + "\"");
    return at;
}

/// What every entry needs before anything changes: who, and a usable signing key when one is given.
pkey_ptr check_request(const record_request& request) {
    if (request.by.find_first_not_of(" \t\r\n") == std::string::npos)
        throw stage_error("adva.governance.who_required", "--by",
                          "every entry of the decision record says who made it (a person or panel)");
    if (request.signing_key.empty()) return pkey_ptr(nullptr, &EVP_PKEY_free);
    return read_key(request.signing_key, true, "--sign");
}

void append(appraisal& model, audit_entry entry, EVP_PKEY* key) {
    auto& audit = model.governance.audit;
    entry.previous = audit.empty() ? std::string() : entry_hash(audit.back());
    if (key) {
        entry.key = fingerprint(key);
        entry.signature = sign(key, entry_hash(entry));
    }
    audit.push_back(std::move(entry));
}

bool any_weight_answer(const appraisal& m) {
    for (const auto& f : m.functions)
        for (const auto& q : f.questions)
            if (q.kind == question_kind::weight)
                for (const auto& a : q.answers)
                    if (!a.swing.empty()) return true;
    return false;
}

}  // namespace

std::string governance_status::state() const {
    if (!locked) return reopened ? "reopened" : "unlocked";
    if (!digest_matches) return "modified after lock";
    for (const auto& f : findings)
        if (f.failure && f.kind != "published_digest" && f.kind != "signature_missing" &&
            f.kind != "signature_invalid")
            return "record broken";
    return "locked";
}

bool governance_status::verified(bool strict) const {
    if (!locked) return false;
    return std::none_of(findings.begin(), findings.end(), [&](const integrity_finding& f) { return f.failure || strict; });
}

std::string framing_digest(const appraisal& model) { return sha256_hex(canonical(io::framing_to_json(model))); }

std::string scores_digest(const appraisal& model) { return sha256_hex(canonical(io::scores_to_json(model))); }

std::string entry_hash(const audit_entry& entry) { return sha256_hex(canonical(io::audit_entry_to_json(entry, false))); }

void check_edit(const appraisal& current, const appraisal& edited) {
    if (edited.governance != current.governance)
        throw stage_error("adva.stage.governance_edit", "/governance",
                          "the governance record changes only through lock, reopen and score");
    if (current.governance.locked && io::framing_to_json(edited) != io::framing_to_json(current))
        throw stage_error("adva.stage.locked", "/governance/locked",
                          "the framing is locked: reopen it with a reason before changing it");
}

std::vector<std::string> lock(appraisal& model, const record_request& request) {
    auto& g = model.governance;
    const governance_status status = check_record(model, {});
    if (g.locked || status.locked)
        throw stage_error("adva.governance.locked", "/governance/locked",
                          "the framing is already locked; reopen it with a reason before locking again", "true");
    require_whole_record(status, "a lock");
    const pkey_ptr key = check_request(request);
    const std::string at = entry_time(g, request.at);
    validate(model);
    const bool answered = any_weight_answer(model);
    if (!answered && std::none_of(model.criteria.begin(), model.criteria.end(),
                                  [](const criterion& c) { return c.weight.has_value(); }))
        throw stage_error("adva.governance.no_weights", "/functions",
                          "the framing has no weights yet: the stakeholder groups answer the weight questions "
                          "(adva questions MODEL) before it is locked");
    if (!answered && !request.direct_weights)
        throw stage_error("adva.governance.no_weights", "/functions",
                          "no stakeholder group has answered a weight question, so the weights would be the direct "
                          "weights typed into the criteria: answer the weight questions, or lock with direct weights "
                          "on purpose (adva lock --direct-weights)");

    std::vector<std::string> advice;
    std::vector<std::string> unanswered;
    for (const auto& f : model.functions)
        for (const auto& q : f.questions)
            if (q.answers.empty()) unanswered.push_back(q.id);
    if (!unanswered.empty()) {
        std::string ids;
        for (std::size_t i = 0; i < unanswered.size() && i < 12; ++i) ids += (i ? ", " : "") + unanswered[i];
        if (unanswered.size() > 12) ids += ", …";
        advice.push_back(std::to_string(unanswered.size()) + " question" + (unanswered.size() == 1 ? " has" : "s have") +
                         " no answer (" + ids + "): the framing is locked without them");
    }
    for (const auto& note : imputation_notes(model)) advice.push_back("weights imputed: " + note);

    const json framing = io::framing_to_json(model);
    audit_entry entry{.action = "lock", .at = at, .by = request.by,
                      .reason = answered ? "" : "weights set directly on the criteria, not from answers",
                      .digest = sha256_hex(canonical(framing)), .scores_digest = scores_digest(model),
                      .after_scoring = model.has_scores()};
    g.locked = true;
    g.framing_digest = entry.digest;
    g.framing = canonical(framing);
    append(model, std::move(entry), key.get());
    return advice;
}

void reopen(appraisal& model, const std::string& reason, const record_request& request) {
    auto& g = model.governance;
    const governance_status status = check_record(model, {});
    if (!g.locked && !status.locked)
        throw stage_error("adva.governance.not_locked", "/governance/locked", "only a locked framing can be reopened",
                          "false");
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        throw stage_error("adva.governance.reason_required", "reason",
                          "reopening the framing needs a reason (it is recorded in the audit trail)");
    // A change made while locked is not legalised by reopening: it must be undone first.
    require_whole_record(status, "a reopen");
    const pkey_ptr key = check_request(request);
    const std::string at = entry_time(g, request.at);
    audit_entry entry{.action = "reopen", .at = at, .by = request.by, .reason = reason, .digest = g.framing_digest,
                      .scores_digest = scores_digest(model), .after_scoring = model.has_scores()};
    g.locked = false;
    g.framing_digest.clear();
    g.framing.clear();
    append(model, std::move(entry), key.get());
}

std::vector<bool> answer_questions(appraisal& model, const std::vector<question_answer>& answers) {
    if (model.governance.locked)
        throw stage_error("adva.governance.locked", "/governance/locked",
                          "the framing is locked and answers are part of it: reopen it with a reason first (adva reopen)",
                          "true");
    if (answers.empty()) throw invalid_input("adva.governance.no_change", "answers", "give at least one answer");
    appraisal changed = model;
    std::vector<std::string> question_ids;
    for (const auto& f : changed.functions)
        for (const auto& q : f.questions) question_ids.push_back(q.id);
    std::vector<bool> replaced;
    for (std::size_t k = 0; k < answers.size(); ++k) {
        const auto& id = answers[k].question;
        const auto& given = answers[k].given;
        question* target = nullptr;
        for (auto& f : changed.functions)
            for (auto& q : f.questions)
                if (q.id == id) target = &q;
        if (!target)
            throw invalid_input("adva.model.unknown_id", answers[k].where.empty() ? "/" + std::to_string(k) + "/question" : answers[k].where,
                                "no question with this id in the model (" + known_ids_text(id, question_ids) + ")",
                                "\"" + id + "\"");
        const auto same_group = std::find_if(target->answers.begin(), target->answers.end(),
                                             [&](const answer& a) { return a.group == given.group; });
        replaced.push_back(same_group != target->answers.end());
        if (replaced.back()) *same_group = given;
        else target->answers.push_back(given);
    }
    // While the framing is being answered, groups that have answered some weight questions and
    // not yet others are expected (lock() and appraise() ask for every weight).
    validate(changed, weight_completeness::in_progress);
    model = std::move(changed);
    return replaced;
}

void record_scores(appraisal& model, const std::vector<score_assignment>& scores, const std::string& reason,
                   const record_request& request) {
    auto& g = model.governance;
    const governance_status status = check_record(model, {});
    if (!status.locked)
        throw stage_error("adva.governance.not_locked", "/governance/locked",
                          "scores are recorded after the framing is locked (adva lock); before that, edit the model",
                          "false");
    require_whole_record(status, "a score change");
    if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
        throw stage_error("adva.governance.reason_required", "rationale",
                          "a score change after lock needs a rationale (it is recorded in the audit trail)");
    if (scores.empty())
        throw invalid_input("adva.governance.no_change", "scores", "a score entry records at least one score");

    // Every score is checked before anything changes.
    std::vector<std::pair<std::size_t, score>> checked;
    std::set<std::pair<std::string, std::string>> seen;
    for (const auto& a : scores) {
        const auto o = model.option_index(a.option);
        if (!o)
            throw invalid_input("adva.model.unknown_id", "option",
                                "no option with this id in the model (" + known_ids_text(a.option, ids_of(model.options)) + ")",
                                "\"" + a.option + "\"");
        const auto c = model.criterion_index(a.criterion);
        if (!c)
            throw invalid_input("adva.model.unknown_id", "criterion",
                                "no criterion with this id in the model (leaf criteria " + known_ids_text(a.criterion, model.leaf_ids()) + ")",
                                "\"" + a.criterion + "\"");
        if (!model.is_leaf(*c))
            throw invalid_input("adva.model.score_on_interior", "criterion",
                                "only leaf criteria are scored; '" + a.criterion + "' has children",
                                "\"" + a.criterion + "\"");
        if (!seen.emplace(a.option, a.criterion).second)
            throw invalid_input("adva.governance.no_change", "scores",
                                "each option and criterion is scored once in an entry",
                                "\"" + a.option + "\", \"" + a.criterion + "\"");
        score value = a.value;
        if (value.rationale.empty()) value.rationale = reason;
        validate_score(model.criteria[*c], value, "/options/" + std::to_string(*o) + "/scores/" + a.criterion);
        checked.emplace_back(*o, std::move(value));
    }
    const pkey_ptr key = check_request(request);
    const std::string at = entry_time(g, request.at);

    audit_entry entry{.action = "score", .at = at, .by = request.by, .reason = reason, .digest = g.framing_digest,
                      .scores_before = scores_digest(model), .after_scoring = true};
    for (std::size_t i = 0; i < scores.size(); ++i) {
        auto& cell = model.options[checked[i].first].scores;
        // The change holds the figures; each score's rationale stays with the score.
        recorded_change change{scores[i].option, scores[i].criterion, std::nullopt, checked[i].second};
        change.after.rationale.clear();
        if (const auto it = cell.find(scores[i].criterion); it != cell.end()) {
            change.before = it->second;
            change.before->rationale.clear();
        }
        cell[scores[i].criterion] = checked[i].second;
        entry.changes.push_back(std::move(change));
    }
    entry.scores_digest = scores_digest(model);
    append(model, std::move(entry), key.get());
}

governance_status verify(const appraisal& model, const verify_options& options) { return check_record(model, options); }

governance_status check_governance(const appraisal& model) { return check_record(model, {}); }

void require_verified(const governance_status& status, bool strict) {
    if (status.verified(strict)) return;
    std::string list;
    std::size_t shown = 0;
    for (const auto& f : status.findings)
        if (f.failure || strict) {
            if (++shown <= 10) list += (list.empty() ? "" : "; ") + f.message;
        }
    if (shown > 10) list += "; and " + std::to_string(shown - 10) + " more";
    throw integrity_error("adva.governance.integrity", "/governance",
                          "the decision record does not verify (state: " + status.state() + "): " + list);
}

std::string utc_now() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

}  // namespace adva
