package dev.rewind.infra;

import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.constructs.Construct;

/**
 * The web ACL alone, in {@link EdgeFirewall#REGION}, for a Rewind stack in any other region: CloudFront
 * only takes web ACLs from there. The Rewind stack reads its ARN through CDK's cross-region references
 * (an SSM parameter written into the Rewind stack's region), so one {@code cdk deploy Rewind} deploys
 * this stack first.
 */
public final class EdgeFirewallStack extends Stack {
    private final EdgeFirewall firewall;

    public EdgeFirewallStack(Construct scope, String id, StackProps props) {
        super(scope, id, props);
        this.firewall = new EdgeFirewall(this, "Firewall");
    }

    public EdgeFirewall firewall() {
        return firewall;
    }
}
