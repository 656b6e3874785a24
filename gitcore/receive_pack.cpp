// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/receive_pack.h"

#include "gitcore/library.h"
#include "gitcore/packet_io.h"
#include "gitcore/quarantine.h"
#include "gitcore/ref_updates.h"
#include "gitcore/refs.h"
#include "gitcore/repository.h"

#include <git2.h>

#include <sstream>

namespace gitcore {

namespace fs = std::filesystem;

namespace {

constexpr size_t max_commands = 100000;

forge::Result<RefUpdate> parse_command(std::string_view line)
{
    // "<old> <new> <name>"
    if (line.size() < 83 || line[40] != ' ' || line[81] != ' ')
        return forge::Error::invalid_argument("malformed push command");
    // TRY only in plain statements: GCC leaks members built before a TRY that returns
    // from inside a braced initializer.
    auto old_id = TRY(parse_object_id(line.substr(0, 40)));
    auto new_id = TRY(parse_object_id(line.substr(41, 40)));
    return RefUpdate{std::move(old_id), std::move(new_id), std::string(line.substr(82))};
}

void add_capabilities(PushRequest& request, std::string_view text)
{
    std::istringstream words{std::string(text)};
    std::string word;
    while (words >> word)
        request.capabilities.insert(word);
}

forge::Result<void> read_push_options(PacketInput& input, PushRequest& request)
{
    while (true) {
        auto packet = TRY(input.next());
        if (!packet)
            return forge::Error::invalid_argument("truncated push options");
        if (packet->type == PktType::flush)
            return {};
        if (request.push_options.size() >= 1000)
            return forge::Error::invalid_argument("too many push options");
        request.push_options.emplace_back(chomp(packet->payload));
    }
}

// The pack's tips: new values of creations and updates.
std::vector<std::string> new_tips(const PushRequest& request)
{
    std::vector<std::string> tips;
    for (const auto& update : request.updates) {
        if (!update.is_delete())
            tips.push_back(update.new_id);
    }
    return tips;
}

forge::Result<Repository> open_with_quarantine(const fs::path& path, const Quarantine& quarantine)
{
    auto repository = TRY(Repository::open(path));
    git_odb* odb = nullptr;
    if (int rc = git_repository_odb(&odb, repository.raw()); rc < 0)
        return last_error(rc, "open object database");
    std::string directory;
    for (const auto& variable : quarantine.environment()) {
        if (variable.rfind("GIT_OBJECT_DIRECTORY=", 0) == 0)
            directory = variable.substr(21);
    }
    int rc = git_odb_add_disk_alternate(odb, directory.c_str());
    git_odb_free(odb);
    if (rc < 0)
        return last_error(rc, "read quarantined objects");
    return repository;
}

// Checks each update and asks the policy; fills in the refusals.
std::vector<RefResult> judge(const Repository& repository, const PushRequest& request,
                             const RefPolicy& policy)
{
    std::vector<RefResult> results;
    for (const auto& update : request.updates) {
        RefResult result{update, check_update(repository, update)};
        if (result.error.empty() && current_value_of(repository, update.name) != update.old_id)
            result.error = "stale info";
        if (result.error.empty())
            result.error = policy(update, UpdateFacts{is_fast_forward(repository, update)});
        results.push_back(std::move(result));
    }
    if (request.has("atomic")) {
        bool any_refused = false;
        for (const auto& result : results)
            any_refused |= !result.error.empty();
        for (auto& result : results) {
            if (any_refused && result.error.empty())
                result.error = "atomic push failed";
        }
    }
    return results;
}

PushOutcome refuse_all(const PushRequest& request, const std::string& reason)
{
    PushOutcome outcome{reason, {}};
    for (const auto& update : request.updates)
        outcome.results.push_back({update, "unpacker error"});
    return outcome;
}

} // namespace

forge::Result<PushRequest> read_push_commands(PacketInput& input)
{
    PushRequest request;
    while (true) {
        auto packet = TRY(input.next());
        if (!packet)
            return forge::Error::invalid_argument("truncated push commands");
        if (packet->type == PktType::flush)
            break;
        if (packet->type != PktType::data || request.updates.size() >= max_commands)
            return forge::Error::invalid_argument("malformed push commands");
        std::string_view line = chomp(packet->payload);
        // A shallow client names its shallow commits first; the connectivity check
        // decides whether what it pushes is complete here.
        if (request.updates.empty() && line.substr(0, 8) == "shallow ") {
            TRY(parse_object_id(line.substr(8)));
            continue;
        }
        if (request.updates.empty()) {
            auto nul = line.find('\0');
            if (nul != std::string_view::npos) {
                add_capabilities(request, line.substr(nul + 1));
                line = line.substr(0, nul);
            }
        }
        auto update = TRY(parse_command(line));
        for (const auto& earlier : request.updates) {
            if (earlier.name == update.name)
                return forge::Error::invalid_argument("ref named twice in one push");
        }
        request.updates.push_back(std::move(update));
    }
    if (request.has("push-options"))
        TRY(read_push_options(input, request));
    return request;
}

forge::Result<PushOutcome> receive_push(const fs::path& path, const PushRequest& request,
                                        PacketInput& pack, const RefPolicy& policy)
{
    // git sends a lone flush first to probe credentials before a large push.
    if (request.updates.empty())
        return PushOutcome{};
    auto quarantine = TRY(Quarantine::create(path));
    auto tips = new_tips(request);
    if (!tips.empty()) {
        auto refused = TRY(quarantine.receive_pack(pack));
        if (refused.empty())
            refused = TRY(quarantine.check_connected(tips));
        if (!refused.empty())
            return refuse_all(request, refused);
    }
    PushOutcome outcome;
    {
        auto repository = TRY(open_with_quarantine(path, quarantine));
        outcome.results = judge(repository, request, policy);
    }
    bool any_accepted = false;
    for (const auto& result : outcome.results)
        any_accepted |= result.error.empty();
    if (!any_accepted)
        return outcome;
    TRY(quarantine.accept());
    auto repository = TRY(Repository::open(path));
    apply_updates(repository, outcome.results, request.has("atomic"), "push");
    settle_head(repository, outcome.results);
    return outcome;
}

std::string encode_report(const PushRequest& request, const PushOutcome& outcome)
{
    if (request.updates.empty() ||
        (!request.has("report-status") && !request.has("report-status-v2")))
        return {};
    // Every line here is short and ours (ref names are bounded by pkt-line itself).
    std::string report;
    auto line = [&report](const std::string& text) {
        auto packet = pkt_text(text);
        if (!packet.is_error())
            report += packet.value();
    };
    line(outcome.unpack_error.empty() ? "unpack ok" : "unpack " + outcome.unpack_error);
    for (const auto& result : outcome.results) {
        if (result.error.empty())
            line("ok " + result.update.name);
        else
            line("ng " + result.update.name + " " + result.error);
    }
    report += pkt_flush();
    if (!request.has("side-band-64k"))
        return report;
    auto banded = sideband_packets(1, report, sideband_64k_max_packet);
    return (banded.is_error() ? std::string() : banded.value()) + std::string(pkt_flush());
}

} // namespace gitcore
