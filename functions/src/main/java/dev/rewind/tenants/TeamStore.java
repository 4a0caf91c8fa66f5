package dev.rewind.tenants;

import java.util.List;
import java.util.Optional;

/** Where memberships, invitations and named api keys live. */
public interface TeamStore {
    Optional<Member> member(String tenantId, String userSub);

    List<Member> members(String tenantId);

    /** Every membership of a user, across tenants. */
    List<Member> memberships(String userSub);

    /** Adds or replaces a membership. */
    void putMember(Member member);

    void removeMember(String tenantId, String userSub);

    /** Stores the invitation and its token's hash; the token resolves until accepted, revoked or expired. */
    void putInvitation(Invitation invitation, String tokenHash);

    List<Invitation> invitations(String tenantId);

    Optional<Invitation> invitation(String tenantId, String invitationId);

    /** Revokes an invitation: the item and its token both go. False if it was not there. */
    boolean deleteInvitation(String tenantId, String invitationId);

    /**
     * Accepts an invitation: the membership is put and the invitation and its token deleted in one
     * transaction that needs the token still there, so a link is used once. False if it was already used.
     */
    boolean accept(Invitation invitation, Member member);

    /** Stores a named key: its listing under the tenant and its hash (kind api, with scope and id). */
    void putApiKey(String tenantId, ApiKey key, String keyHash);

    List<ApiKey> apiKeys(String tenantId);

    /** Revokes a named key: the hash stops resolving in the same transaction. False if it was not there. */
    boolean deleteApiKey(String tenantId, String keyId);
}
