package org.mixpanellakeflow.emulator;

/** Deletes a user's data the way a GDPR deletion does: events under any merged id, and the profile. */
final class UserDeletion {
  private UserDeletion() {}

  static void delete(EmulatedProject project, String distinctId, long nowMs) {
    ProjectData data = project.data();
    data.identities().delete(distinctId, nowMs);
    data.profiles().change(editor -> editor.delete(distinctId));
  }
}
