package io.alink.gateway;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Platform time as the device computes it: {@code (serverRecv + serverSend + deviceRecv - deviceSend) / 2} in epoch
 * milliseconds, with its calendar fields in the configured time zone.
 */
public record NtpTime(long epochMillis, ZonedDateTime dateTime) {

    static NtpTime of(long epochMillis, ZoneId zone) {
        return new NtpTime(epochMillis, Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    public int year() {
        return dateTime.getYear();
    }

    public int month() {
        return dateTime.getMonthValue();
    }

    public int day() {
        return dateTime.getDayOfMonth();
    }

    public int hour() {
        return dateTime.getHour();
    }

    public int minute() {
        return dateTime.getMinute();
    }

    public int second() {
        return dateTime.getSecond();
    }

    public int millisecond() {
        return dateTime.getNano() / 1_000_000;
    }
}
