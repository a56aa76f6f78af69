//! Where each pane goes for a terminal size. One pure function, used both to draw and
//! to hit-test mouse clicks, so the two can never disagree.

use ratatui::layout::Rect;

/// Below this the dashboard says "terminal too small" instead of drawing garbage.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;
/// From this width the portfolio and the detail sit side by side.
pub const WIDE: u16 = 110;
/// From this height the timeline gets its own strip under the panes.
pub const TALL: u16 = 30;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Portfolio,
    Detail,
    Timeline,
}

impl Focus {
    pub const ORDER: [Focus; 3] = [Focus::Portfolio, Focus::Detail, Focus::Timeline];

    pub fn cycle(self, forward: bool) -> Focus {
        let i = Focus::ORDER.iter().position(|f| *f == self).unwrap_or(0);
        let n = Focus::ORDER.len();
        Focus::ORDER[if forward { (i + 1) % n } else { (i + n - 1) % n }]
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Areas {
    pub portfolio: Rect,
    pub detail: Option<Rect>,
    pub timeline: Option<Rect>,
    /// Everything above the status bar (agenda and metrics views, empty state).
    pub body: Rect,
    pub status: Rect,
}

pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// The dashboard layout: side by side when wide, stacked when narrow; the timeline gets a
/// strip when tall, else it takes the detail's place while focused.
pub fn layout(area: Rect, focus: Focus) -> Areas {
    let status_h = 2.min(area.height);
    let body = Rect { height: area.height - status_h, ..area };
    let status = Rect { y: body.bottom(), height: status_h, ..area };
    let mut a = Areas { body, status, ..Areas::default() };
    let strip = if area.height >= TALL { (body.height / 3).clamp(8, 18) } else { 0 };
    let top = Rect { height: body.height - strip, ..body };
    if strip > 0 {
        a.timeline = Some(Rect { y: top.bottom(), height: strip, ..body });
    }
    // The second pane shows the detail, or the timeline while it is focused and has no strip.
    let second = |a: &mut Areas, r: Rect| {
        if strip == 0 && focus == Focus::Timeline {
            a.timeline = Some(r);
        } else {
            a.detail = Some(r);
        }
    };
    if area.width >= WIDE {
        // Clamped: layout also runs for terminals below the minimum (then only the
        // "too small" notice is drawn, but nothing here may overflow).
        let left = (top.width * 55 / 100).max(60).min(top.width);
        a.portfolio = Rect { width: left, ..top };
        second(&mut a, Rect { x: top.x + left, width: top.width - left, ..top });
    } else {
        let upper = (top.height * 45 / 100).max(6).min(top.height);
        a.portfolio = Rect { height: upper, ..top };
        second(&mut a, Rect { y: top.y + upper, height: top.height - upper, ..top });
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_is_side_by_side_and_narrow_is_stacked() {
        let wide = layout(Rect::new(0, 0, 200, 50), Focus::Portfolio);
        let d = wide.detail.unwrap();
        assert_eq!(d.y, wide.portfolio.y);
        assert!(wide.timeline.is_some());
        let narrow = layout(Rect::new(0, 0, 80, 24), Focus::Portfolio);
        assert_eq!(narrow.detail.unwrap().x, narrow.portfolio.x);
        assert!(narrow.timeline.is_none());
        let tl = layout(Rect::new(0, 0, 80, 24), Focus::Timeline);
        assert!(tl.detail.is_none() && tl.timeline.is_some());
        for a in [wide, narrow, tl] {
            assert_eq!(a.status.height, 2);
        }
    }

    #[test]
    fn tiny_terminals_do_not_overflow() {
        for (w, h) in [(0, 0), (1, 1), (20, 5), (59, 3), (200, 7), (120, 2)] {
            for focus in [Focus::Portfolio, Focus::Detail, Focus::Timeline] {
                let a = layout(Rect::new(0, 0, w, h), focus);
                for r in [Some(a.portfolio), a.detail, a.timeline, Some(a.status)].into_iter().flatten() {
                    assert!(r.right() <= w && r.bottom() <= h, "{r:?} outside {w}x{h}");
                }
            }
        }
    }
}
