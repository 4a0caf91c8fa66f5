package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.common.Log;
import dev.rewind.common.Refused;
import dev.rewind.common.StoreUnavailable;

/**
 * The shape every API Lambda shares: dispatch on the route key API Gateway matched, and map what was
 * refused (by the HTTP layer or the domain) and an unavailable store to the error shape through
 * {@link ApiErrors} (503 + Retry-After for a store, docs/SECURITY.md).
 */
public abstract class ApiHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    protected abstract APIGatewayV2HTTPResponse route(String routeKey, APIGatewayV2HTTPEvent event);

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String routeKey = event.getRouteKey();
        try {
            return route(routeKey, event);
        } catch (ApiException e) {
            return Responses.error(e);
        } catch (Refused e) {
            return Responses.error(ApiErrors.of(e));
        } catch (StoreUnavailable e) {
            Log.warn("dependency_unavailable", "route", routeKey, "error", Log.failure(e));
            return Responses.error(ApiErrors.of(e));
        }
    }

    protected static ApiException unknownRoute(String routeKey) {
        return new ApiException(404, "route_not_found", "no route " + routeKey);
    }
}
