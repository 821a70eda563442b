/* Free places and the booking workflow. */
#include "api/api_impl.h"

API_HANDLER(api_places)
{
    (void)req;
    (void)ctx;
    http_error(res, 501, "not_implemented", NULL, "not implemented yet");
}

API_HANDLER(api_bookings_list)
{
    (void)req;
    (void)ctx;
    http_error(res, 501, "not_implemented", NULL, "not implemented yet");
}

API_HANDLER(api_booking_create)
{
    (void)req;
    (void)ctx;
    http_error(res, 501, "not_implemented", NULL, "not implemented yet");
}

API_HANDLER(api_booking_get)
{
    (void)req;
    (void)ctx;
    http_error(res, 501, "not_implemented", NULL, "not implemented yet");
}

API_HANDLER(api_booking_accept)
{
    (void)req;
    (void)ctx;
    http_error(res, 501, "not_implemented", NULL, "not implemented yet");
}

API_HANDLER(api_booking_decline)
{
    (void)req;
    (void)ctx;
    http_error(res, 501, "not_implemented", NULL, "not implemented yet");
}

API_HANDLER(api_booking_cancel)
{
    (void)req;
    (void)ctx;
    http_error(res, 501, "not_implemented", NULL, "not implemented yet");
}
