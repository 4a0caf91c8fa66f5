package dev.rewind.testing;

import com.amazonaws.services.lambda.runtime.Context;
import java.lang.reflect.Proxy;
import java.util.UUID;

/** The invocation context Lambda passes a handler: here only the time left before the function's timeout matters. */
public final class LambdaContexts {
    private LambdaContexts() {}

    public static Context remaining(String functionName, int remainingMillis) {
        return (Context) Proxy.newProxyInstance(
                Context.class.getClassLoader(),
                new Class<?>[] {Context.class},
                (self, method, args) -> switch (method.getName()) {
                    case "getRemainingTimeInMillis" -> remainingMillis;
                    case "getFunctionName" -> functionName;
                    case "getAwsRequestId" -> UUID.randomUUID().toString();
                    case "getMemoryLimitInMB" -> 1024;
                    default -> null;
                });
    }
}
