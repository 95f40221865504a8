-- purpose: refresh tokens kept on the server as token families, so that each one is used once and a stolen one that is
-- used twice ends every session of its user.

-- One sign-in of an API client (POST /api/v1/auth/login without cookies) and every refresh token handed on from it.
create table refresh_token_families (
    id             uuid        not null,
    user_id        text        not null,
    created_at     timestamptz not null,
    revoked_at     timestamptz null,
    revoked_reason varchar(32) null,
    constraint pk_refresh_token_families primary key (id),
    constraint fk_refresh_token_families_user foreign key (user_id) references users (id) on delete cascade,
    constraint ck_refresh_token_families_revoked check ((revoked_at is null) = (revoked_reason is null)),
    constraint ck_refresh_token_families_reason check (revoked_reason in ('reuse', 'sessions_ended'))
);
create index ix_refresh_token_families_user_id on refresh_token_families (user_id);

-- Each refresh token, by its SHA-256 (the token itself is never stored): used at most once, then replaced by the next
-- one of its family. A used token is kept until it expires, so that presenting it again is recognised as reuse.
create table refresh_tokens (
    token_hash bytea       not null,
    family_id  uuid        not null,
    issued_at  timestamptz not null,
    expires_at timestamptz not null,
    used_at    timestamptz null,
    constraint pk_refresh_tokens primary key (token_hash),
    constraint fk_refresh_tokens_family foreign key (family_id) references refresh_token_families (id) on delete cascade,
    constraint ck_refresh_tokens_expiry check (expires_at > issued_at)
);
create index ix_refresh_tokens_family_id on refresh_tokens (family_id);

-- A new security stamp ends every session of the user: signing out, a new password (changed or reset), a change of
-- role, scopes or lock, and a reused refresh token all rotate it. Here, not in each of those code paths, so that none
-- can forget the families (the stamp already ends access tokens and cookies, Features/Auth/IdentitySetup.cs).
create function revoke_refresh_token_families() returns trigger language plpgsql as $$
begin
    update refresh_token_families set revoked_at = now(), revoked_reason = 'sessions_ended'
     where user_id = new.id and revoked_at is null;
    return null;
end
$$;
create trigger revoke_refresh_token_families after update of security_stamp on users for each row
    when (old.security_stamp is distinct from new.security_stamp) execute function revoke_refresh_token_families();

-- The trail records each family's end (who, whose, why: 'reuse' or 'sessions_ended'). Sign-ins and refreshes are not
-- recorded, nor the token rows (hashes of secrets, replaced every hour).
create trigger audit after update on refresh_token_families for each row
    when (old.revoked_at is null and new.revoked_at is not null) execute function audit_row('id');
