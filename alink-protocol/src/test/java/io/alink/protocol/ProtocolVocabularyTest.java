package io.alink.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Method names, topo/change statuses and sub-device entries: the protocol's words, spelled in one place. */
class ProtocolVocabularyTest {

    private static final DeviceId SUB = DeviceId.of("a1SubPk001", "sub01");

    @Test
    void requestKindsNameTheMethodsTheOfficialSdksSend() {
        assertThat(TopicKind.TOPO_ADD.method()).isEqualTo("thing.topo.add");
        assertThat(TopicKind.TOPO_GET.method()).isEqualTo("thing.topo.get");
        assertThat(TopicKind.TOPO_DELETE.method()).isEqualTo("thing.topo.delete");
        assertThat(TopicKind.TOPO_CHANGE.method()).isEqualTo("thing.topo.change");
        assertThat(TopicKind.SUB_REGISTER.method()).isEqualTo("thing.sub.register");
        assertThat(TopicKind.PROPERTY_POST.method()).isEqualTo("thing.event.property.post");
        assertThat(TopicKind.PROPERTY_SET.method()).isEqualTo("thing.service.property.set");
        assertThat(TopicKind.DEVICEINFO_UPDATE.method()).isEqualTo("thing.deviceinfo.update");
        assertThat(TopicKind.LOGIN.method()).isEqualTo("combine.login");
        assertThat(TopicKind.EVENT_POST.method("lowpower")).isEqualTo("thing.event.lowpower.post");
        assertThat(TopicKind.SERVICE.method("reboot")).isEqualTo("thing.service.reboot");
    }

    @Test
    void kindsWithoutAMethodOrWithAMissingIdentifierAreProgrammingErrors() {
        assertThatThrownBy(TopicKind.NTP_REQUEST::method).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(TopicKind.EVENT_POST::method).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> TopicKind.TOPO_ADD.method("x")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void topoChangeStatusesAreTheDocumentedNumbersAndOnlyDeleteAndDisableEndASession() {
        assertThat(TopoChangeStatus.of(0)).contains(TopoChangeStatus.CREATED);
        assertThat(TopoChangeStatus.of(8)).contains(TopoChangeStatus.DISABLED);
        assertThat(TopoChangeStatus.of(3)).isEmpty();
        assertThat(List.of(TopoChangeStatus.values())).filteredOn(TopoChangeStatus::endsSession)
                .containsExactly(TopoChangeStatus.DELETED, TopoChangeStatus.DISABLED);
    }

    @Test
    void aSignedEntryVerifiesWithItsSecretAndNotWithAnother() {
        ObjectNode entry = SubDeviceEntries.signed(SignMethod.HMAC_SHA256, SUB, "secret", "a1SubPk001.sub01", "1");

        assertThat(SubDeviceEntries.verify(entry, "hmacSha256", "secret")).isTrue();
        assertThat(SubDeviceEntries.verify(entry, "hmacSha256", "other")).isFalse();
    }

    @Test
    void aDeviceListSkipsEntriesThatNameNoValidDevice() {
        ArrayNode list = SubDeviceEntries.identities(List.of(SUB));
        list.addObject().put("productKey", "a1SubPk001");
        list.addObject().put("productKey", "a/b").put("deviceName", "x");
        list.add(7);

        assertThat(SubDeviceEntries.devices(list)).containsExactly(SUB);
        assertThat(SubDeviceEntries.devices(AlinkJson.object())).isEmpty();
    }
}
