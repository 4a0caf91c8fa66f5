package dev.rewind.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.rewind.http.ApiHandler;

/**
 * What Lambda runs for an API function: the function's routes (an {@link ApiHandler} of http/) bound to
 * a wiring. Deployed, the no-argument constructor of each subclass binds them to {@link Lambdas#shared()};
 * the local runner and the tests bind them to a wiring of their own.
 */
public abstract class ApiFunction implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final ApiHandler routes;

    protected ApiFunction(ApiHandler routes) {
        this.routes = routes;
    }

    @Override
    public final APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        return routes.handleRequest(event, context);
    }
}
