/*
 * Log-in through the region's identity provider (issue 19): the API's side
 * of OpenID Connect (sso/oidc.h speaks to the provider, store/sso.h keeps
 * the state). Declared apart from api_impl.h so that the feature's
 * interface is in one place.
 */
#ifndef RANDA_API_SSO_H
#define RANDA_API_SSO_H

#include "api/api_impl.h"

struct api_sso;

/* From the options (api.h); no SSO when o->issuer is NULL. */
int api_sso_open(const struct api_sso_options *o, struct api_sso **out,
                 struct err_info *ei);
void api_sso_close(struct api_sso *s);
/* Where Randa is reached: the redirect URI is BASE/api/v1/sso/callback
 * unless the options named one. */
void api_sso_set_base(struct api_sso *s, const char *base);
/* The API's (api.c). */
struct api_sso *api_sso(struct api *a);

/* 1 when local passwords are off and username is not the break-glass
 * administrator. */
int api_sso_local_refused(struct api *a, const char *username);

/* The provider's log-out address for the session being ended (malloc'd),
 * or NULL when it did not begin at the provider or the provider offers no
 * end_session_endpoint. Call before the session is deleted. */
char *api_sso_logout_url(struct api_call *call);

API_HANDLER(api_sso_info);
API_HANDLER(api_sso_start);
API_HANDLER(api_sso_callback);
API_HANDLER(api_sso_settings_get);
API_HANDLER(api_sso_settings_set);
API_HANDLER(api_user_sso_set);

#endif
