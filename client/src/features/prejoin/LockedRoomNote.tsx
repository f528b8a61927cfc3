const TEXT = {
  heading: 'This session is locked',
  body: 'A moderator has locked it: nobody new can join right now. If you were already in it, you can still get back in.',
};

/** Said before the form, so nobody fills it in to be turned away at the door without knowing why. */
export function LockedRoomNote() {
  return (
    <div className="notice notice--warning" role="status" data-testid="room-locked">
      <p className="notice__title">{TEXT.heading}</p>
      <p>{TEXT.body}</p>
    </div>
  );
}
