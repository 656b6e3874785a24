// SPDX-License-Identifier: EUPL-1.2
// SPDX-FileCopyrightText: Forge contributors
#pragma once

#include "auth/authenticator.h"
#include "forge/common/result.h"
#include "forge/http/form.h"
#include "forge/http/message.h"
#include "forge/services/services.h"
#include "ui/i18n.h"
#include "ui/template.h"

#include <functional>
#include <optional>
#include <string>

namespace forge::http {
class Router;
}

namespace ui {

struct WebOptions {
    std::string base_url; // "https://forge.example.org", no trailing slash
};

// One request as the web UI sees it: who is signed in, in which language, and the token
// its forms must carry.
struct Context {
    forge::http::Request& request;
    std::optional<auth::Identity> identity;
    std::string session_id;    // the session cookie's value when signed in
    std::string visitor_token; // the CSRF cookie of visitors who are not signed in
    bool new_visitor = false;  // visitor_token was made for this response
    Language language = Language::en;
    const Translations* translations = nullptr;

    bool signed_in() const { return identity.has_value(); }
    auth::Viewer viewer() const;
    forge::services::Actor actor() const;
    // The token every state-changing form of this page carries (see web.cpp).
    std::string csrf_token() const;
    std::string_view text(std::string_view english) const { return translations->get(english); }
};

// Pages are rendered through this: it owns the templates and wraps every page in the
// layout with the security headers of DESIGN.md section 8.
class WebUi {
  public:
    static forge::Result<std::unique_ptr<WebUi>> create(forge::services::Services&, WebOptions);

    forge::services::Services& services() { return m_services; }
    const WebOptions& options() const { return m_options; }
    const TemplateSet& templates() const { return m_templates; }

    using GetHandler = std::function<forge::http::Response(Context&)>;
    using PostHandler =
        std::function<forge::http::Response(Context&, const forge::http::FormFields&)>;
    enum class Access { anyone, signed_in };

    // A page. Signed-in pages redirect visitors to the sign-in form.
    void get(forge::http::Router&, std::string pattern, GetHandler, Access = Access::anyone);
    // A form target: the CSRF token and the Origin are checked before the handler runs.
    void post(forge::http::Router&, std::string pattern, PostHandler, Access = Access::signed_in);

    // The same for handlers that may fail: their errors become error pages.
    using Page = forge::Result<forge::http::Response> (*)(WebUi&, Context&);
    using Action = forge::Result<forge::http::Response> (*)(WebUi&, Context&,
                                                            const forge::http::FormFields&);
    void get(forge::http::Router&, std::string pattern, Page, Access = Access::anyone);
    void post(forge::http::Router&, std::string pattern, Action, Access = Access::signed_in);

    // `page` (a template name) inside the layout; `data` gets "title" set by the caller.
    forge::http::Response page(Context&, std::string_view page, Value data, int status = 200);
    // An error page; 404 looks the same whether a thing is missing or hidden.
    forge::http::Response error(Context&, int status, std::string_view message = {});
    forge::http::Response error_for(Context&, const forge::Error&);
    forge::http::Response redirect(Context&, std::string location);
    // The response, or the error page for the error.
    forge::http::Response respond(Context&, forge::Result<forge::http::Response>);
    // Status 303 to `location` after a successful form, with a notice shown there.
    forge::http::Response redirect_with_notice(Context&, std::string location,
                                               std::string_view notice);
    // A form's change failed: for reasons the user can fix (a bad name, an unknown user,
    // a conflict) back to the form at `location` with the reason in an alert; other
    // failures become error pages.
    forge::http::Response refused(Context&, std::string location, const forge::Error&);

    Context make_context(forge::http::Request&);
    // Security headers for every response of the web UI.
    void add_security_headers(forge::http::Response&) const;
    bool uses_tls() const { return m_options.base_url.starts_with("https://"); }

  private:
    WebUi(forge::services::Services& services, WebOptions options)
        : m_services(services)
        , m_options(std::move(options))
    {
    }
    Value common_data(Context&) const;
    bool origin_allowed(const forge::http::Request&) const;
    bool form_token_valid(const Context&, const forge::http::FormFields&) const;
    void finish(Context&, forge::http::Response&) const;

    forge::services::Services& m_services;
    WebOptions m_options;
    TemplateSet m_templates;
};

// Installs every page of the web UI.
forge::Result<std::unique_ptr<WebUi>> add_web_routes(forge::http::Router&,
                                                     forge::services::Services&, WebOptions);

} // namespace ui
