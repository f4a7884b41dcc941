package io.starling.gateway.notify;

import io.starling.core.session.Router;
import io.starling.core.session.SessionRegistry;
import io.starling.core.session.UserDirectory;

/** What the notification API sends with: member existence, members' sessions, the router. */
public record NotificationServices(UserDirectory users, SessionRegistry registry, Router router) {
}
