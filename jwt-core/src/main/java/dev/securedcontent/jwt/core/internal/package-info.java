/**
 * Helpers the toolkit's own modules share, not API: they may change or go in any release, and the
 * API-compatibility check leaves them out. Files are written with {@link
 * dev.securedcontent.jwt.core.internal.AtomicFile} and user-named files opened with {@link
 * dev.securedcontent.jwt.core.internal.RegularFile}.
 */
package dev.securedcontent.jwt.core.internal;
