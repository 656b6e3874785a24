// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#include "forge/http/git_routes.h"

#include "forge/common/log.h"
#include "forge/http/body_sources.h"
#include "forge/http/credentials.h"
#include "forge/http/errors.h"
#include "forge/http/router.h"
#include "forge/services/git_service.h"
#include "forge/services/housekeeping_service.h"
#include "forge/services/issue_service.h"
#include "forge/services/merge_service.h"
#include "forge/services/push_service.h"
#include "gitcore/advertisement.h"
#include "gitcore/packet_io.h"
#include "gitcore/receive_pack.h"
#include "gitcore/upload_pack_v0.h"
#include "gitcore/upload_pack_v2.h"

#include <limits>
#include <memory>

namespace forge::http {

namespace {

using services::GitOperation;

// Upload-pack requests are wants and haves: a few megabytes even for huge negotiations.
constexpr uint64_t upload_request_limit = 64ull << 20;

services::ProjectPath project_path(const Request& request)
{
    std::string name(request.param("project"));
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".git") == 0)
        name.resize(name.size() - 4);
    return {std::string(request.param("owner")), name};
}

bool wants_protocol_v2(const Request& request)
{
    auto header = request.header("git-protocol");
    return header && header->find("version=2") != std::string_view::npos;
}

Response plain_error(const Error& error)
{
    return Response::text(status_for(error.code), error.message + "\n");
}

// Maps a refusal to the status DESIGN.md §3 asks for: hidden and missing projects look
// the same, 401 for anonymous callers (so git asks for credentials), 404 for others.
Response refuse(const Error& error, const Caller& caller)
{
    if (error.code == ErrorCode::unauthenticated)
        return challenge(error.message);
    if (error.code == ErrorCode::not_found) {
        if (!caller.viewer.signed_in())
            return challenge("authentication required");
        return Response::text(404, "repository not found\n");
    }
    if (error.code == ErrorCode::internal)
        log::error("git request failed: " + error.message);
    return Response::text(status_for(error.code), error.code == ErrorCode::internal
                                                      ? "internal error\n"
                                                      : error.message + "\n");
}

// Authenticates the caller and opens the repository, or says why not.
Result<std::pair<Caller, services::GitRepository>> open_for(services::Services& services,
                                                            const Request& request,
                                                            GitOperation operation,
                                                            Response* refusal)
{
    auto caller = authenticate_basic(services, request);
    if (caller.is_error()) {
        auto code = caller.error().code;
        *refusal = code == ErrorCode::forbidden || code == ErrorCode::rate_limited
                       ? plain_error(caller.error())
                       : challenge("invalid credentials");
        return caller.release_error();
    }
    if (operation == GitOperation::push && caller->viewer.signed_in() && !caller->may_write) {
        *refusal = Response::text(403, "this token may only read\n");
        return Error::forbidden("read-only token");
    }
    auto repository =
        services::open_git_repository(services, caller->viewer, project_path(request), operation);
    if (repository.is_error()) {
        *refusal = refuse(repository.error(), caller.value());
        return repository.release_error();
    }
    return std::pair{caller.release_value(), repository.release_value()};
}

void no_cache(Response& response)
{
    response.set_header("Cache-Control", "no-cache, max-age=0, must-revalidate");
    response.set_header("Pragma", "no-cache");
    response.set_header("Expires", "Fri, 01 Jan 1980 00:00:00 GMT");
}

Response advertise(services::Services& services, Request& request)
{
    std::string_view query = request.query;
    gitcore::Service service;
    if (query == "service=git-upload-pack")
        service = gitcore::Service::upload_pack;
    else if (query == "service=git-receive-pack")
        service = gitcore::Service::receive_pack;
    else
        return Response::text(403, "only the smart HTTP protocol is served\n");
    bool push = service == gitcore::Service::receive_pack;
    Response refusal;
    auto opened =
        open_for(services, request, push ? GitOperation::push : GitOperation::fetch, &refusal);
    if (opened.is_error())
        return refusal;
    auto& repo = opened->second.path;
    Response response;
    if (!push && wants_protocol_v2(request)) {
        response.body = gitcore::advertise_v2();
    } else {
        auto body = gitcore::advertise_v0(repo, service);
        if (body.is_error())
            return refuse(body.error(), opened->first);
        response.body = body.release_value();
    }
    response.set_header("Content-Type", push ? "application/x-git-receive-pack-advertisement"
                                             : "application/x-git-upload-pack-advertisement");
    no_cache(response);
    return response;
}

// The request body as sent, inflated when the client compressed it.
struct RequestBody {
    std::unique_ptr<GzipSource> inflated;
    std::unique_ptr<LimitedSource> limited;
    ByteSource* source = nullptr;
};

RequestBody body_of(Request& request, uint64_t limit)
{
    RequestBody body;
    body.limited = std::make_unique<LimitedSource>(*request.body_stream, limit);
    body.source = body.limited.get();
    auto encoding = request.header("content-encoding");
    if (encoding && (*encoding == "gzip" || *encoding == "x-gzip")) {
        body.inflated = std::make_unique<GzipSource>(*body.limited, limit);
        body.source = body.inflated.get();
    }
    return body;
}

// The response of a prepared command, streamed as the command answers; a 400 when the
// request could not be prepared.
template <typename Command> Response streamed(Result<Command> prepared, Response response)
{
    if (prepared.is_error())
        return plain_error(prepared.error());
    auto command = std::make_shared<Command>(prepared.release_value());
    response.stream = [command](ByteSink& sink) {
        return command->respond(sink);
    };
    return response;
}

Response upload_pack(services::Services& services, Request& request)
{
    Response refusal;
    auto opened = open_for(services, request, GitOperation::fetch, &refusal);
    if (opened.is_error())
        return refusal;
    auto body = body_of(request, upload_request_limit);
    gitcore::PacketInput input(*body.source);
    Response response;
    response.set_header("Content-Type", "application/x-git-upload-pack-result");
    no_cache(response);
    auto& repo = opened->second.path;
    if (!wants_protocol_v2(request))
        return streamed(gitcore::UploadPackV0::prepare(repo, input, &services.pack_cache()),
                        std::move(response));
    auto parsed = gitcore::read_v2_request(input);
    if (parsed.is_error())
        return plain_error(parsed.error());
    return streamed(
        gitcore::UploadPackV2::prepare(repo, parsed.release_value(), &services.pack_cache()),
        std::move(response));
}

Response receive_pack(services::Services& services, Request& request)
{
    Response refusal;
    auto opened = open_for(services, request, GitOperation::push, &refusal);
    if (opened.is_error())
        return refusal;
    auto& [caller, repository] = opened.value();
    auto body = body_of(request, std::numeric_limits<uint64_t>::max());
    gitcore::PacketInput input(*body.source);
    auto commands = gitcore::read_push_commands(input);
    if (commands.is_error())
        return plain_error(commands.error());
    auto policy = services::push_policy(services, repository);
    if (policy.is_error())
        return refuse(policy.error(), caller);
    auto outcome = gitcore::receive_push(repository.path, commands.value(), input, policy.value());
    if (outcome.is_error())
        return refuse(outcome.error(), caller);
    services::Actor actor{caller.viewer, caller.name, request.remote_address, false};
    auto recorded = services::record_push(services, actor, repository, outcome.value());
    if (recorded.is_error())
        log::error("push to " + repository.path.string() +
                   " not in the audit log: " + recorded.error().message);
    // Merge requests follow the push before it is reported done (DESIGN.md section 8).
    auto refreshed = services::refresh_after_push(services, actor, repository, outcome.value());
    if (refreshed.is_error())
        log::error("merge requests of " + repository.path.string() +
                   " not refreshed after a push: " + refreshed.error().message);
    // So do issues that the pushed commits reference or close.
    auto issues = services::issues_after_push(services, actor, repository, outcome.value());
    if (issues.is_error())
        log::error("issues of " + repository.path.string() +
                   " not updated after a push: " + issues.error().message);
    services::schedule_housekeeping(repository.path);
    Response response;
    response.set_header("Content-Type", "application/x-git-receive-pack-result");
    no_cache(response);
    response.body = gitcore::encode_report(commands.value(), outcome.value());
    return response;
}

} // namespace

void add_git_routes(Router& router, services::Services& services)
{
    router.add(Method::get, "/{owner}/{project}/info/refs",
               [&services](Request& request) { return advertise(services, request); });
    router.add(
        Method::post, "/{owner}/{project}/git-upload-pack",
        [&services](Request& request) { return upload_pack(services, request); }, RouteFlags{true});
    router.add(
        Method::post, "/{owner}/{project}/git-receive-pack",
        [&services](Request& request) { return receive_pack(services, request); },
        RouteFlags{true});
}

} // namespace forge::http
