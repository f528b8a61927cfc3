import { describe, expect, it } from 'vitest';
import { decideVideoFlow, isBelowWanted, layerForWidth } from './videoQuality.js';

describe('layerForWidth', () => {
  it('picks the smallest layer that stays sharp at the tile width', () => {
    expect(layerForWidth(160)).toBe(0);
    expect(layerForWidth(320)).toBe(0);
    expect(layerForWidth(321)).toBe(1);
    expect(layerForWidth(1920)).toBe(1);
  });
});

describe('decideVideoFlow', () => {
  const visible = (width: number) => ({ isVisible: true, width });

  it('sizes a visible camera by its tile', () => {
    expect(decideVideoFlow('camera', visible(200), 'off')).toEqual({ isPaused: false, spatialLayer: 0 });
    expect(decideVideoFlow('camera', visible(800), 'off')).toEqual({ isPaused: false, spatialLayer: 1 });
  });

  it('starts an unmeasured camera at once, at full size', () => {
    expect(decideVideoFlow('camera', undefined, 'off')).toEqual({ isPaused: false, spatialLayer: 1 });
  });

  it('pauses video nobody can see', () => {
    expect(decideVideoFlow('camera', { isVisible: false, width: 800 }, 'off').isPaused).toBe(true);
    expect(decideVideoFlow('screen', { isVisible: false, width: 800 }, 'off').isPaused).toBe(true);
  });

  it('keeps every camera at the lowest layer in low-video mode, however large the tile', () => {
    expect(decideVideoFlow('camera', visible(1200), 'low-video')).toEqual({ isPaused: false, spatialLayer: 0 });
  });

  it('pauses all video in audio-only mode, screen shares included', () => {
    expect(decideVideoFlow('camera', visible(800), 'audio-only').isPaused).toBe(true);
    expect(decideVideoFlow('screen', visible(800), 'audio-only').isPaused).toBe(true);
  });

  it('asks no layer of a screen share (sent in one layer)', () => {
    expect(decideVideoFlow('screen', visible(300), 'low-video')).toEqual({ isPaused: false, spatialLayer: null });
  });
});

describe('isBelowWanted', () => {
  it('flags a layer below the wanted one, or none at all, once the server has said', () => {
    expect(isBelowWanted(0, 1)).toBe(true);
    expect(isBelowWanted(null, 1)).toBe(true);
    expect(isBelowWanted(1, 1)).toBe(false);
    expect(isBelowWanted(undefined, 1)).toBe(false);
    expect(isBelowWanted(0, null)).toBe(false);
  });
});
