package io.alink.emulator;

/** What a product's devices are: a gateway, a sub-device carried by a gateway, or a directly connected device. */
public enum NodeType {
    GATEWAY, SUB_DEVICE, DEVICE
}
