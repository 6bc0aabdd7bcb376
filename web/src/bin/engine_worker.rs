//! The engine worker: answers [`retort_web::protocol::EngineRequest`]s with
//! [`retort_web::engine::EngineSession`]. The page starts it the first time it
//! needs the in-tab database, offline SQL, a round trip or the models, so that
//! none of them weighs on the first view; a round trip is cancelled by
//! terminating it.

use retort_web::engine::EngineSession;
use retort_web::protocol::{EngineRequest, EngineResponse};
use retort_web::service::serve;

fn main() {
    let mut session = EngineSession::default();
    serve(
        EngineResponse::Ready,
        move |request: EngineRequest, emit: &mut dyn FnMut(EngineResponse)| {
            session.handle(request, emit);
        },
    );
}
