package io.alink.gateway;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Platform time as the device computes it: {@code (serverRecv + serverSend + deviceRecv - deviceSend) / 2} in epoch
 * milliseconds, with its calendar fields in the configured time zone.
 *
 * @param epochMillis the platform's time in epoch milliseconds
 * @param dateTime    the same instant in the configured time zone
 */
public record NtpTime(long epochMillis, ZonedDateTime dateTime) {

    static NtpTime of(long epochMillis, ZoneId zone) {
        return new NtpTime(epochMillis, Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    /** {@return the year, in the configured time zone} */
    public int year() {
        return dateTime.getYear();
    }

    /** {@return the month, 1 to 12} */
    public int month() {
        return dateTime.getMonthValue();
    }

    /** {@return the day of the month, 1 to 31} */
    public int day() {
        return dateTime.getDayOfMonth();
    }

    /** {@return the hour, 0 to 23} */
    public int hour() {
        return dateTime.getHour();
    }

    /** {@return the minute, 0 to 59} */
    public int minute() {
        return dateTime.getMinute();
    }

    /** {@return the second, 0 to 59} */
    public int second() {
        return dateTime.getSecond();
    }

    /** {@return the millisecond within the second, 0 to 999} */
    public int millisecond() {
        return dateTime.getNano() / 1_000_000;
    }
}
