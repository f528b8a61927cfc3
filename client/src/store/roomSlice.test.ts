import { describe, expect, it } from 'vitest';
import type { PeerId, RoomId } from '../../../shared/ids.js';
import { createAppStore } from './appStore.js';

const roomId = 'people-power' as RoomId;
const self = '00000000-0000-4000-8000-000000000001' as PeerId;

describe('room slice', () => {
  it('goes idle → joining → joined, and clears a restart notice once back', () => {
    const store = createAppStore();
    store.getState().startJoining(roomId);
    expect(store.getState()).toMatchObject({ status: 'joining', roomId });
    store.getState().setSelfPeerId(self);
    store.getState().setNotice('The server is restarting.');
    store.getState().markJoined();
    expect(store.getState()).toMatchObject({ status: 'joined', selfPeerId: self, notice: null });
  });

  it('keeps the room while rejoining and says why', () => {
    const store = createAppStore();
    store.getState().startJoining(roomId);
    store.getState().markJoined();
    store.getState().startRejoining('Connection lost. Reconnecting…');
    expect(store.getState()).toMatchObject({
      status: 'rejoining',
      roomId,
      selfPeerId: null,
      statusDetail: 'Connection lost. Reconnecting…',
    });
  });

  it('records an error message for people, and whether trying again can help', () => {
    const store = createAppStore();
    store.getState().startJoining(roomId);
    store.getState().failRoom('This room does not exist.');
    expect(store.getState()).toMatchObject({ status: 'error', errorMessage: 'This room does not exist.', canRetry: true });
    store.getState().failRoom('A moderator removed you from this session.', { canRetry: false });
    expect(store.getState().canRetry).toBe(false);
    store.getState().startJoining(roomId);
    expect(store.getState()).toMatchObject({ errorMessage: null, canRetry: true });
  });

  it('takes the stage limit and the current speaker from the join, and forgets the speaker when connection is lost', () => {
    const store = createAppStore();
    store.getState().setRoomRules({ stageLimit: 6, activeSpeakerId: self });
    expect(store.getState()).toMatchObject({ stageLimit: 6, activeSpeakerId: self });
    store.getState().startRejoining('Connection lost. Reconnecting…');
    expect(store.getState().activeSpeakerId).toBeNull();
  });
});

const aminaIdentity = {
  token: 't1',
  identity: { userId: 'u1', displayName: 'Amina', role: 'participant' as const, roomId: null, invitationId: null, accountId: null },
};

describe('identity slice', () => {
  it('drops a token minted for another name, keeps it for the same name', () => {
    const store = createAppStore('Amina');
    store.getState().setIdentity(aminaIdentity);
    store.getState().setDisplayName('Amina ');
    expect(store.getState().token).toBe('t1');
    store.getState().setDisplayName('Amina D.');
    expect(store.getState()).toMatchObject({ displayName: 'Amina D.', token: null, identity: null });
  });

  it('drops the identity when the person arrives with another invitation', () => {
    const store = createAppStore('Amina');
    store.getState().setIdentity(aminaIdentity);
    store.getState().setInvitation(null);
    expect(store.getState().token).toBe('t1');
    store.getState().setInvitation('invite-token');
    expect(store.getState()).toMatchObject({ invitation: 'invite-token', token: null, identity: null });
  });
});
