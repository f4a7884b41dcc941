package io.starling.gateway.notify;

import io.starling.core.session.Router;
import io.starling.core.session.UserDirectory;

/** What the notification API sends with: member existence and the router, which reports each outcome. */
public record NotificationServices(UserDirectory users, Router router) {
}
