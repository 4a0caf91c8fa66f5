package dev.rewind.http;

import com.amazonaws.services.lambda.runtime.Context;
import dev.rewind.common.Log;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * The shape every API Lambda shares: dispatch on the route key API Gateway matched, map refusals to
 * the error shape, and turn an unreachable AWS dependency into 503 + Retry-After (docs/SECURITY.md).
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
        } catch (SdkException e) {
            Log.warn("dependency_unavailable", "route", routeKey, "error", e.getClass().getSimpleName());
            return Responses.error(ApiException.unavailable("storage is unavailable, retry later"));
        }
    }

    protected static ApiException unknownRoute(String routeKey) {
        return new ApiException(404, "route_not_found", "no route " + routeKey);
    }
}
