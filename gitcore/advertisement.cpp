// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "gitcore/advertisement.h"

#include "gitcore/pkt_line.h"
#include "gitcore/refs.h"

namespace gitcore {

namespace {

std::string capabilities_v0(Service service, const std::string& head_target)
{
    std::string caps;
    if (service == Service::upload_pack) {
        caps = "multi_ack_detailed no-done side-band-64k side-band thin-pack ofs-delta shallow "
               "deepen-since deepen-not deepen-relative no-progress include-tag filter "
               "allow-tip-sha1-in-want allow-reachable-sha1-in-want";
        if (!head_target.empty())
            caps += " symref=HEAD:" + head_target;
    } else {
        caps = "report-status report-status-v2 delete-refs side-band-64k quiet atomic ofs-delta "
               "push-options";
    }
    return caps + " object-format=sha1 agent=" + agent();
}

// Every line here is ours and short, so pkt_text cannot fail.
void append_text(std::string& out, const std::string& line)
{
    out += pkt_text(line).value();
}

} // namespace

std::string agent()
{
    return "forge/" FORGE_VERSION;
}

forge::Result<std::string> advertise_v0(const std::filesystem::path& repo, Service service)
{
    auto listing = TRY(list_refs(repo));
    const char* name = service == Service::upload_pack ? "git-upload-pack" : "git-receive-pack";
    std::string out;
    append_text(out, std::string("# service=") + name);
    out += pkt_flush();
    // receive-pack does not advertise HEAD: it is not a ref one pushes to.
    bool first = true;
    std::string caps = capabilities_v0(service, listing.head_target);
    for (const auto& ref : listing.refs) {
        if (service == Service::receive_pack && ref.name == "HEAD")
            continue;
        std::string line = ref.id + " " + ref.name;
        if (first)
            line += std::string(1, '\0') + caps;
        first = false;
        append_text(out, line);
        if (ref.peeled && service == Service::upload_pack)
            append_text(out, *ref.peeled + " " + ref.name + "^{}");
    }
    if (first)
        append_text(out, std::string(zero_id) + " capabilities^{}" + std::string(1, '\0') + caps);
    out += pkt_flush();
    return out;
}

std::string advertise_v2()
{
    std::string out;
    append_text(out, "version 2");
    append_text(out, "agent=" + agent());
    append_text(out, "ls-refs=unborn");
    append_text(out, "fetch=shallow filter ref-in-want wait-for-done");
    append_text(out, "server-option");
    append_text(out, "object-format=sha1");
    out += pkt_flush();
    return out;
}

} // namespace gitcore
